import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  FleetUpgradeRequest,
  FleetUpgradeResponse,
  GoldenPathDetails,
  GoldenPathListResponse,
  UpgradeOutcome,
  UpgradeRequest,
} from '@conway/plugin-golden-paths-common';

/**
 * Client of the golden-paths backend (`/api/golden-paths`).
 *
 * @public
 */
export interface GoldenPathsApi {
  /** Every golden path with its versions and how many services are behind. */
  listGoldenPaths(): Promise<GoldenPathListResponse>;
  /** One golden path (template name, e.g. `typescript-service`) with its services. */
  getGoldenPath(name: string): Promise<GoldenPathDetails>;
  /** Upgrades one service, or computes the result only with `dryRun`. */
  upgradeService(request: UpgradeRequest): Promise<UpgradeOutcome>;
  /** Upgrades every service of a golden path that is behind (or a dry run of it). */
  upgradeFleet(
    name: string,
    request: FleetUpgradeRequest,
  ): Promise<FleetUpgradeResponse>;
}

/** @public */
export const goldenPathsApiRef = createApiRef<GoldenPathsApi>().with({
  id: 'plugin.golden-paths.service',
  pluginId: 'golden-paths',
});
