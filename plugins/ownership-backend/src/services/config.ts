import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  analyzeOwnership,
  OwnershipAnalysisOptions,
} from '@conway/plugin-ownership-common';
import { DEFAULT_PAGE_SIZE } from '@conway/plugin-ownership-node';

/** The plugin's settings, read from the `ownership` config section. */
export interface OwnershipConfig {
  refreshIntervalSeconds: number;
  /** Build the report as soon as the backend has started, so the first request after a restart finds it ready or under way. */
  buildOnStartup: boolean;
  pageSize: number;
  analysis: OwnershipAnalysisOptions;
}

export const DEFAULT_REFRESH_INTERVAL_SECONDS = 30;

function positive(config: RootConfigService, key: string, fallback: number) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `Invalid config '${key}': must be a positive number, got ${value}`,
    );
  }
  return value;
}

export function readOwnershipConfig(
  config: RootConfigService,
): OwnershipConfig {
  const analysis: OwnershipAnalysisOptions = {};
  const teamLoadThreshold = config.getOptionalNumber(
    'ownership.analysis.teamLoadThreshold',
  );
  const teamTypes = config.getOptionalStringArray(
    'ownership.analysis.teamTypes',
  );
  if (teamLoadThreshold !== undefined)
    analysis.teamLoadThreshold = teamLoadThreshold;
  if (teamTypes !== undefined) analysis.teamTypes = teamTypes;
  try {
    // Fails fast on options the analysis would reject at the first request.
    analyzeOwnership([], analysis);
  } catch (error) {
    throw new Error(
      `Invalid config 'ownership.analysis': ${(error as Error).message}`,
    );
  }
  return {
    buildOnStartup: config.getOptionalBoolean('ownership.buildOnStartup') ?? false,
    refreshIntervalSeconds: positive(
      config,
      'ownership.refreshIntervalSeconds',
      DEFAULT_REFRESH_INTERVAL_SECONDS,
    ),
    pageSize: Math.floor(
      positive(config, 'ownership.pageSize', DEFAULT_PAGE_SIZE),
    ),
    analysis,
  };
}
