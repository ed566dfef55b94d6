import path from 'node:path';
import { validateAnswers } from '../answers/validateAnswers';
import {
  GENERATION_RECORD_PATH,
  readGenerationRecord,
} from '../render/generationRecord';
import { renderSkeleton } from '../render/renderSkeleton';
import { runGit, workTreeRoot } from './git';
import { readServiceFile } from './planUpgrade';
import { compareVersions, latestVersion } from './semver';
import {
  loadTemplateVersion,
  TemplateVersionSource,
} from './TemplateVersionSource';
import { UpgradeError } from './UpgradeError';

/** Where a generated service stands against its template. @public */
export interface ServiceTemplateStatus {
  serviceDir: string;
  template: string;
  version: string;
  /** Newest release in the source. */
  latestVersion?: string;
  /** Versions newer than the recorded one, oldest first. */
  newerVersions: string[];
  /**
   * Drift: files the recorded version produces that the team changed or
   * deleted. Undefined when the recorded version cannot be rendered again
   * (unknown to the source, or it needs a secret), with the reason in `driftError`.
   */
  drift?: { modified: string[]; deleted: string[] };
  driftError?: string;
  /** The last commit that changed the generation record: the scaffolding or the last upgrade. */
  lastRecordChange?: { commit: string; date: string; subject: string };
}

/**
 * Reports a service's template version, the newer versions and its drift
 * from what its version generates, without changing anything. For the
 * portal's Golden paths page.
 *
 * @throws UpgradeError `not-scaffolded` without a generation record
 * @public
 */
export async function inspectService(options: {
  serviceDir: string;
  source: TemplateVersionSource;
}): Promise<ServiceTemplateStatus> {
  const serviceDir = path.resolve(options.serviceDir);
  const record = await readGenerationRecord(serviceDir).catch(error => {
    throw new UpgradeError(
      'invalid-record',
      `Cannot read ${GENERATION_RECORD_PATH} in '${serviceDir}': ${error.message}`,
      { cause: error },
    );
  });
  if (!record) {
    throw new UpgradeError(
      'not-scaffolded',
      `'${serviceDir}' was not scaffolded by a Conway golden path: no ${GENERATION_RECORD_PATH}`,
    );
  }
  const versions = await options.source.listVersions(record.template);
  const status: ServiceTemplateStatus = {
    serviceDir,
    template: record.template,
    version: record.version,
    latestVersion: latestVersion(versions),
    newerVersions: versions.filter(v => compareVersions(v, record.version) > 0),
  };

  try {
    const template = await loadTemplateVersion(
      options.source,
      record.template,
      record.version,
    );
    const files = await renderSkeleton(
      template,
      validateAnswers(template, record.answers),
    );
    const modified: string[] = [];
    const deleted: string[] = [];
    for (const file of files) {
      if (file.path === GENERATION_RECORD_PATH) {
        continue;
      }
      const ours = await readServiceFile(serviceDir, file.path);
      if (ours.kind !== 'file') {
        deleted.push(file.path);
      } else if (!ours.content.equals(file.content)) {
        modified.push(file.path);
      }
    }
    status.drift = { modified, deleted };
  } catch (error) {
    status.driftError = (error as Error).message;
  }

  if (await workTreeRoot(serviceDir)) {
    const log = await runGit(
      ['log', '-1', '--format=%H%x00%cI%x00%s', '--', GENERATION_RECORD_PATH],
      { cwd: serviceDir, allowFailure: true },
    );
    const [commit, date, subject] = log.stdout
      .toString('utf8')
      .trim()
      .split('\0');
    if (log.exitCode === 0 && commit) {
      status.lastRecordChange = { commit, date, subject };
    }
  }
  return status;
}
