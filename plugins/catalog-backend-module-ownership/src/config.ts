import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  analyzeOwnership,
  FINDING_TYPES,
  FindingType,
  OwnershipAnalysisOptions,
} from '@conway/plugin-ownership-common';
import { DEFAULT_PAGE_SIZE } from '@conway/plugin-ownership-node';
import { DEFAULT_ERROR_FINDING_TYPES } from './OwnershipFindingsProcessor';

export interface CheckConfig {
  refreshIntervalSeconds: number;
  pageSize: number;
  analysis: OwnershipAnalysisOptions;
  errorTypes: FindingType[];
}

function positive(config: RootConfigService, key: string, fallback: number) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `Invalid config '${key}': must be a positive number, got ${value}`,
    );
  }
  return value;
}

/** Reads `ownership.*` (shared with the ownership backend) and `ownership.check.*`. */
export function readCheckConfig(config: RootConfigService): CheckConfig {
  const analysis: OwnershipAnalysisOptions = {};
  const threshold = config.getOptionalNumber(
    'ownership.analysis.teamLoadThreshold',
  );
  const teamTypes = config.getOptionalStringArray(
    'ownership.analysis.teamTypes',
  );
  if (threshold !== undefined) analysis.teamLoadThreshold = threshold;
  if (teamTypes !== undefined) analysis.teamTypes = teamTypes;
  try {
    analyzeOwnership([], analysis);
  } catch (error) {
    throw new Error(
      `Invalid config 'ownership.analysis': ${(error as Error).message}`,
    );
  }

  const errors =
    config.getOptionalStringArray('ownership.check.errors') ??
    DEFAULT_ERROR_FINDING_TYPES;
  const unknown = errors.filter(
    t => !(FINDING_TYPES as readonly string[]).includes(t),
  );
  if (unknown.length > 0) {
    throw new Error(
      `Invalid config 'ownership.check.errors': unknown finding type ${unknown
        .map(t => `'${t}'`)
        .join(', ')}`,
    );
  }
  return {
    refreshIntervalSeconds: positive(
      config,
      'ownership.refreshIntervalSeconds',
      30,
    ),
    pageSize: Math.floor(positive(config, 'ownership.pageSize', DEFAULT_PAGE_SIZE)),
    analysis,
    errorTypes: errors as FindingType[],
  };
}
