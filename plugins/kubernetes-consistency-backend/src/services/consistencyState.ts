import type {
  ClusterStatus,
  ConsistencyReportState,
  EntityConsistencyState,
} from '@conway/plugin-kubernetes-consistency-common';

/** The report's {@link ConsistencyReportState} from its clusters and findings. */
export function reportState(
  clusters: ClusterStatus[],
  findingCount: number,
): ConsistencyReportState {
  if (clusters.length === 0) return 'no-clusters';
  if (!clusters.some(c => c.status === 'ok')) return 'clusters-unreadable';
  return findingCount > 0 ? 'drift' : 'consistent';
}

/**
 * One entity's {@link EntityConsistencyState}: whether it is annotated comes
 * first, because an entity without annotations expects no workloads whatever
 * the clusters say.
 */
export function entityState(options: {
  annotated: boolean;
  clusters: ClusterStatus[];
  findingCount: number;
}): EntityConsistencyState {
  const { annotated, clusters, findingCount } = options;
  if (!annotated && findingCount === 0) return 'not-annotated';
  return reportState(clusters, findingCount);
}
