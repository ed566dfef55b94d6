import fs from 'node:fs/promises';
import path from 'node:path';
import type { GoldenPathTemplate } from '../template/types';
import { changelogBetween } from './changelog';

/**
 * The target template's CHANGELOG.md sections after `fromVersion` up to the
 * target's version, with a warning when the target's own section is missing.
 */
export async function upgradeChangelog(
  target: GoldenPathTemplate,
  fromVersion: string,
): Promise<{ text: string; warnings: string[] }> {
  const toVersion = target.version;
  const warnings: string[] = [];
  const changelogText = await fs
    .readFile(path.join(target.dir, 'CHANGELOG.md'), 'utf8')
    .catch(() => undefined);
  const changelog = changelogBetween(
    changelogText ?? '',
    fromVersion,
    toVersion,
  );
  if (toVersion !== fromVersion && !changelog.versions.includes(toVersion)) {
    warnings.push(
      `CHANGELOG.md of template '${target.name}' ${toVersion} has no '## ${toVersion}' section`,
    );
  }
  return { text: changelog.text, warnings };
}
