import { createApiRef } from '@backstage/frontend-plugin-api';

import type {
  ConsistencyReportResponse,
  EntityConsistencyResponse,
} from '@conway/plugin-kubernetes-consistency-common';

// The response shapes come from the backend's common package.
export type {
  ClusterStatus,
  ConsistencyFinding,
  ConsistencyFindingType,
  ConsistencyReportResponse,
  ConsistencyReportState,
  EntityConsistencyResponse,
  EntityConsistencyState,
  WorkloadKind,
  WorkloadRef,
} from '@conway/plugin-kubernetes-consistency-common';

/**
 * Client of the cluster/catalog comparison (`/api/kubernetes-consistency`).
 *
 * @public
 */
export interface KubernetesConsistencyApi {
  /** `refresh`: re-read the clusters and the catalog instead of the cached report. */
  getReport(options?: {
    refresh?: boolean;
  }): Promise<ConsistencyReportResponse>;
  /** `ref`: a full entity ref such as `component:default/orders-api`. */
  getEntity(ref: string): Promise<EntityConsistencyResponse>;
}

/** @public */
export const kubernetesConsistencyApiRef =
  createApiRef<KubernetesConsistencyApi>().with({
    id: 'plugin.kubernetes-consistency',
    pluginId: 'kubernetes-consistency',
  });
