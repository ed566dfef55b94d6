import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  positiveConfigNumber,
  readCatalogAnalysisSettings,
} from '@conway/plugin-ownership-node';

/**
 * The plugin's settings, read from the `ownership` config section. The
 * analysis settings (`ownership.pageSize`, `ownership.analysis`) belong to the
 * shared catalog analysis; they are checked here too, so that a bad value
 * stops the plugin at start-up.
 */
export interface OwnershipConfig {
  refreshIntervalSeconds: number;
  /** Build the report as soon as the backend has started, so the first request after a restart finds it ready or under way. */
  buildOnStartup: boolean;
}

export const DEFAULT_REFRESH_INTERVAL_SECONDS = 30;

export function readOwnershipConfig(
  config: RootConfigService,
): OwnershipConfig {
  readCatalogAnalysisSettings(config);
  return {
    buildOnStartup:
      config.getOptionalBoolean('ownership.buildOnStartup') ?? false,
    refreshIntervalSeconds: positiveConfigNumber(
      config,
      'ownership.refreshIntervalSeconds',
      DEFAULT_REFRESH_INTERVAL_SECONDS,
    ),
  };
}
