import type {
  ClusterStatus,
  ConsistencyFinding,
  ConsistencyReportState,
  EntityConsistencyState,
} from './apiTypes';

/** The report's {@link ConsistencyReportState} from its clusters and findings. @public */
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
 *
 * @public
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

/** The annotations that tie a catalog entity to its workloads (as Backstage's Kubernetes plugin reads them). @public */
export const KUBERNETES_ANNOTATIONS = [
  'backstage.io/kubernetes-id',
  'backstage.io/kubernetes-label-selector',
] as const;

/**
 * Findings of a report about one entity or naming it, the way the backend's
 * entity view selects them.
 *
 * @public
 */
export function findingsAbout(
  findings: readonly ConsistencyFinding[],
  entityRef: string,
): ConsistencyFinding[] {
  return findings.filter(
    f => f.entityRef === entityRef || f.relatedRefs?.includes(entityRef) === true,
  );
}
