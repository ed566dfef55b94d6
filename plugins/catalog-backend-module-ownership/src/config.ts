import { RootConfigService } from '@backstage/backend-plugin-api';
import { FINDING_TYPES, FindingType } from '@conway/plugin-ownership-common';
import {
  positiveConfigNumber,
  readCatalogAnalysisSettings,
} from '@conway/plugin-ownership-node';
import { DEFAULT_ERROR_FINDING_TYPES } from './OwnershipFindingsProcessor';

export interface CheckConfig {
  refreshIntervalSeconds: number;
  errorTypes: FindingType[];
}

/** Reads `ownership.*` (shared with the ownership backend) and `ownership.check.*`. */
export function readCheckConfig(config: RootConfigService): CheckConfig {
  // The analysis settings belong to the shared catalog analysis; checked here too, to fail at start-up.
  readCatalogAnalysisSettings(config);

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
    refreshIntervalSeconds: positiveConfigNumber(
      config,
      'ownership.refreshIntervalSeconds',
      30,
    ),
    errorTypes: errors as FindingType[],
  };
}
