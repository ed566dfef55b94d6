import fs from 'node:fs/promises';
import path from 'node:path';
import {
  GENERATION_RECORD_PATH,
  GenerationRecord,
  readGenerationRecord,
} from '../render/generationRecord';
import type { GoldenPathTemplate } from '../template/types';
import { isJsonObject, JsonObject } from '../types';
import { compareVersions, latestVersion } from './semver';
import { loadTemplateVersion, unknownVersion } from './TemplateVersionSource';
import type { PlanUpgradeOptions } from './types';
import { UpgradeError } from './UpgradeError';

/** What an upgrade starts from: the service, its record, and both template versions. */
export interface UpgradeSubject {
  /** Absolute path of the service directory. */
  serviceDir: string;
  record: GenerationRecord;
  /** `options.newAnswers`, `{}` when none were given. */
  newAnswers: JsonObject;
  toVersion: string;
  /** The recorded version of the template. */
  baseTemplate: GoldenPathTemplate;
  /** The version to upgrade to. */
  targetTemplate: GoldenPathTemplate;
}

/**
 * Reads the service's generation record, picks the target version and loads
 * the recorded and the target version of the template.
 *
 * @throws UpgradeError when the service was not generated from a golden path,
 *   its record cannot be read, the new answers are not an object, a version
 *   is unknown or the target is older than the recorded version
 */
export async function readUpgradeSubject(
  options: PlanUpgradeOptions,
): Promise<UpgradeSubject> {
  const serviceDir = path.resolve(options.serviceDir);
  const { source } = options;
  const record = await readRecord(serviceDir);
  if (options.newAnswers !== undefined && !isJsonObject(options.newAnswers)) {
    throw new UpgradeError(
      'invalid-answers',
      'New answers must be a JSON object of parameter names to values',
    );
  }
  const newAnswers = options.newAnswers ?? {};

  const versions = await source.listVersions(record.template);
  if (!versions.includes(record.version)) {
    throw unknownVersion(source, record.template, record.version, versions);
  }
  const toVersion = options.targetVersion ?? latestVersion(versions)!;
  if (!versions.includes(toVersion)) {
    throw unknownVersion(source, record.template, toVersion, versions);
  }
  if (compareVersions(toVersion, record.version) < 0) {
    throw new UpgradeError(
      'downgrade',
      `'${serviceDir}' is on template '${record.template}' ${record.version}; ${toVersion} is older`,
    );
  }
  const [baseTemplate, targetTemplate] = await Promise.all([
    loadTemplateVersion(source, record.template, record.version),
    loadTemplateVersion(source, record.template, toVersion),
  ]);
  return {
    serviceDir,
    record,
    newAnswers,
    toVersion,
    baseTemplate,
    targetTemplate,
  };
}

async function readRecord(serviceDir: string): Promise<GenerationRecord> {
  const stat = await fs.stat(serviceDir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new UpgradeError(
      'not-scaffolded',
      `Service directory '${serviceDir}' does not exist`,
    );
  }
  let record: GenerationRecord | undefined;
  try {
    record = await readGenerationRecord(serviceDir);
  } catch (error) {
    throw new UpgradeError(
      'invalid-record',
      `Cannot read ${GENERATION_RECORD_PATH} in '${serviceDir}': ${
        (error as Error).message
      }`,
      { cause: error },
    );
  }
  if (!record) {
    throw new UpgradeError(
      'not-scaffolded',
      `'${serviceDir}' was not scaffolded by a Conway golden path: no ${GENERATION_RECORD_PATH}`,
    );
  }
  return record;
}
