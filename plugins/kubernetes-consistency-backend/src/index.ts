/**
 * Compares the workloads of the configured Kubernetes clusters with the
 * catalog, under `/api/kubernetes-consistency`: workloads no entity (or no
 * team) owns, annotated entities without workloads, and label/annotation
 * mismatches.
 *
 * @packageDocumentation
 */

export { kubernetesConsistencyPlugin as default } from './plugin';
export {
  kubernetesConsistencyPermissions,
  kubernetesConsistencyReadPermission,
} from './permissions';
export { compareClusterWithCatalog } from './services/compareClusterWithCatalog';
export type { CompareOptions } from './services/compareClusterWithCatalog';
export type {
  ClusterStatus,
  ConsistencyReportResponse,
  EntityConsistencyResponse,
} from '@conway/plugin-kubernetes-consistency-common';
export { CONSISTENCY_FINDING_TYPES } from './services/types';
export type {
  ComparisonResult,
  ComparisonSummary,
  ConsistencyFinding,
  ConsistencyFindingType,
  Workload,
  WorkloadKind,
  WorkloadRef,
} from './services/types';
