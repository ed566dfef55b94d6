import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import {
  FINDING_TYPES,
  FindingType,
  HistoryOptionError,
  HistoryOptions,
  historyOptionsFrom,
} from '@conway/plugin-ownership-common';
import { UsageError } from './io';

/** The `ownership:` configuration the check reads. */
export interface OwnershipCheckConfig {
  /** Finding types that fail the check; undefined: every finding of severity error. */
  errors?: FindingType[];
  teamLoadThreshold?: number;
  teamTypes?: string[];
  /** Layers, top first: dependencies may only point down this list. */
  layerOrder?: string[];
  /** Fewest dependencies (in or out) that can make a component a hub. */
  hubMinDegree?: number;
  /**
   * The git history analysis' options from `ownership.history` (window,
   * half-life, exclusions, thresholds), the keys the portal's backend reads
   * too, so that `--history` in CI and the portal give the same figures.
   */
  history?: HistoryOptions;
  /** The file the configuration came from, if any. */
  source?: string;
}

const CONFIG_FILE = 'conway-ownership.yaml';
const APP_CONFIG_FILE = 'app-config.yaml';

/**
 * Loads the configuration: from `--config <file>` if given, else from the
 * nearest `conway-ownership.yaml` or `app-config.yaml` in the working
 * directory or above. The keys live under `ownership:`; in a file other than
 * an app-config they may also sit at the top level.
 *
 * ```yaml
 * ownership:
 *   analysis:            # as the backend plugin reads them; also accepted directly under ownership:
 *     teamLoadThreshold: 6
 *     teamTypes: [team]
 *   check:
 *     errors: [no-owner, unknown-owner, dangling-reference, split-system]
 *   history:             # read by --history; the backend's scheduling keys are ignored here
 *     windowDays: 180
 *     exclude: [yarn.lock, 'generated/**']
 * ```
 */
export function loadOwnershipConfig(options: {
  configPath?: string;
  cwd: string;
}): OwnershipCheckConfig {
  let file: string | undefined;
  if (options.configPath) {
    file = path.resolve(options.cwd, options.configPath);
    if (!fs.existsSync(file)) {
      throw new UsageError(
        `Configuration file ${options.configPath} does not exist`,
      );
    }
  } else {
    file = findConfigFile(options.cwd);
  }
  if (!file) return {};

  const shown = path.relative(options.cwd, file) || file;
  let document: unknown;
  try {
    document = parse(fs.readFileSync(file, 'utf8'), { prettyErrors: true });
  } catch (error) {
    const first = (error as Error).message.split('\n')[0];
    throw new UsageError(`${shown}: invalid YAML: ${first}`);
  }
  const root = isRecord(document) ? document : {};
  let section: unknown = root.ownership;
  // Outside app-config files the keys may also sit at the top level.
  if (section === undefined && !path.basename(file).startsWith('app-config')) {
    section = root;
  }
  if (section === undefined || section === null) return { source: shown };
  return { ...validate(section, shown), source: shown };
}

function findConfigFile(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    for (const name of [CONFIG_FILE, APP_CONFIG_FILE]) {
      const candidate = path.join(current, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    if (path.dirname(current) === current) return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks finding type names, e.g. from `--fail-on`. */
export function parseFindingTypes(
  values: unknown,
  where: string,
): FindingType[] {
  if (!Array.isArray(values)) {
    throw new UsageError(`${where} must be a list of finding types`);
  }
  return values.map((value, i) => {
    if (
      typeof value !== 'string' ||
      !(FINDING_TYPES as readonly string[]).includes(value)
    ) {
      throw new UsageError(
        `${where}[${i}]: unknown finding type ${JSON.stringify(
          value,
        )}; known types: ${FINDING_TYPES.join(', ')}`,
      );
    }
    return value as FindingType;
  });
}

function validate(section: unknown, shown: string): OwnershipCheckConfig {
  if (!isRecord(section)) {
    throw new UsageError(`${shown}: ownership must be a mapping`);
  }
  const config: OwnershipCheckConfig = {};
  const { analysis, check } = section;
  if (analysis !== undefined && analysis !== null && !isRecord(analysis)) {
    throw new UsageError(`${shown}: ownership.analysis must be a mapping`);
  }
  // ownership.analysis.* is what the backend plugin declares (config.d.ts);
  // ownership.* directly is accepted too.
  const teamLoadThreshold =
    (isRecord(analysis) ? analysis.teamLoadThreshold : undefined) ??
    section.teamLoadThreshold;
  const teamTypes =
    (isRecord(analysis) ? analysis.teamTypes : undefined) ?? section.teamTypes;
  if (teamLoadThreshold !== undefined) {
    if (typeof teamLoadThreshold !== 'number' || !(teamLoadThreshold > 0)) {
      throw new UsageError(
        `${shown}: ownership.analysis.teamLoadThreshold must be a positive number`,
      );
    }
    config.teamLoadThreshold = teamLoadThreshold;
  }
  if (teamTypes !== undefined) {
    if (
      !Array.isArray(teamTypes) ||
      teamTypes.some(t => typeof t !== 'string')
    ) {
      throw new UsageError(
        `${shown}: ownership.analysis.teamTypes must be a list of strings`,
      );
    }
    config.teamTypes = teamTypes as string[];
  }
  const layerOrder =
    (isRecord(analysis) ? analysis.layerOrder : undefined) ?? section.layerOrder;
  if (layerOrder !== undefined) {
    if (!Array.isArray(layerOrder) || layerOrder.some(t => typeof t !== 'string')) {
      throw new UsageError(
        `${shown}: ownership.analysis.layerOrder must be a list of layer names, top first`,
      );
    }
    config.layerOrder = layerOrder as string[];
  }
  const hubMinDegree =
    (isRecord(analysis) ? analysis.hubMinDegree : undefined) ?? section.hubMinDegree;
  if (hubMinDegree !== undefined) {
    if (!Number.isInteger(hubMinDegree) || (hubMinDegree as number) < 1) {
      throw new UsageError(
        `${shown}: ownership.analysis.hubMinDegree must be a positive whole number`,
      );
    }
    config.hubMinDegree = hubMinDegree as number;
  }
  if (section.history !== undefined && section.history !== null) {
    config.history = historyOptions(section.history, shown);
  }
  if (check !== undefined && check !== null) {
    if (!isRecord(check))
      throw new UsageError(`${shown}: ownership.check must be a mapping`);
    if (check.errors !== undefined) {
      config.errors = parseFindingTypes(
        check.errors,
        `${shown}: ownership.check.errors`,
      );
    }
  }
  return config;
}

/**
 * The analysis options under `ownership.history`, read as the backend reads
 * them. Its other keys (schedule, cache, hosts) concern the portal's
 * scheduled runs and are left to it.
 */
function historyOptions(history: unknown, shown: string): HistoryOptions {
  if (!isRecord(history)) {
    throw new UsageError(`${shown}: ownership.history must be a mapping`);
  }
  try {
    return historyOptionsFrom(history);
  } catch (error) {
    if (!(error instanceof HistoryOptionError)) throw error;
    throw new UsageError(
      `${shown}: ownership.history.${error.option}: ${error.message}`,
    );
  }
}
