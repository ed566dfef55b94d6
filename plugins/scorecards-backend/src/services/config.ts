import {
  resolvePackagePath,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import path from 'node:path';

/** The plugin's settings, from `conway.scorecards`. */
export interface ScorecardsConfig {
  /** Absolute directory of the YAML definitions. */
  definitionsDir: string;
  /** Absolute directory the how-to-fix guide paths are relative to (the repository). */
  guidesRoot: string;
  changeCheckIntervalSeconds: number;
  fleetIntervalMinutes: number;
  concurrency: number;
}

function positive(
  config: RootConfigService,
  key: string,
  fallback: number,
): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new InputError(`${key}: must be a positive number, got ${value}`);
  }
  return value;
}

/**
 * Reads `conway.scorecards`.
 *
 * @throws InputError naming the key when a number is not positive
 */
export function readScorecardsConfig(
  config: RootConfigService,
): ScorecardsConfig {
  const configured = config.getOptionalString('conway.scorecards.definitions');
  const definitionsDir = configured
    ? path.resolve(configured)
    : // The monorepo's own definitions, beside plugins/.
      resolvePackagePath('@conway/plugin-scorecards-backend', '../../scorecards');
  const guides = config.getOptionalString('conway.scorecards.guides');
  return {
    definitionsDir,
    // By default the repository holding the definitions (scorecards/ sits at its top).
    guidesRoot: guides ? path.resolve(guides) : path.dirname(definitionsDir),
    changeCheckIntervalSeconds: positive(
      config,
      'conway.scorecards.changeCheckIntervalSeconds',
      60,
    ),
    fleetIntervalMinutes: positive(
      config,
      'conway.scorecards.fleetIntervalMinutes',
      60,
    ),
    concurrency: Math.floor(
      positive(config, 'conway.scorecards.concurrency', 4),
    ),
  };
}
