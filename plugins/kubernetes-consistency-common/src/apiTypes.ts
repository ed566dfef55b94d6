/** The workload kinds compared with the catalog. @public */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'CronJob';

/** Where a workload runs. @public */
export interface WorkloadRef {
  cluster: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
}

/** @public */
export type ConsistencyFindingType =
  | 'workload-without-entity'
  | 'workload-entity-without-team-owner'
  | 'entity-without-workload'
  | 'label-annotation-mismatch';

/** The finding types, in report order. @public */
export const CONSISTENCY_FINDING_TYPES: readonly ConsistencyFindingType[] = [
  'label-annotation-mismatch',
  'workload-entity-without-team-owner',
  'workload-without-entity',
  'entity-without-workload',
];

/** One disagreement between the clusters and the catalog. @public */
export interface ConsistencyFinding {
  /** Stable id: type, entity and workload. */
  id: string;
  type: ConsistencyFindingType;
  severity: 'error' | 'warning';
  message: string;
  /** What to change, concretely. */
  suggestion: string;
  /** The catalog entity concerned, if any. */
  entityRef?: string;
  /** The workloads concerned. */
  workloads: WorkloadRef[];
  /** Other entities worth looking at (an owner, a component of the same name). */
  relatedRefs?: string[];
}

/** Counts of a comparison. @public */
export interface ComparisonSummary {
  workloads: number;
  /** Workloads some annotated entity selects. */
  mappedWorkloads: number;
  /** Entities with `backstage.io/kubernetes-id` or `-label-selector`. */
  annotatedEntities: number;
  /** Of those, the ones whose selector finds at least one workload. */
  annotatedEntitiesWithWorkloads: number;
  findingsByType: Record<ConsistencyFindingType, number>;
}

/** How reading one cluster went. @public */
export interface ClusterStatus {
  name: string;
  title?: string;
  status: 'ok' | 'error';
  /** Workloads read (0 on error). */
  workloads: number;
  durationMs: number;
  /** Why the cluster could not be read: `reason` as in KubernetesErrorReason (unreachable, unauthorized, forbidden, …). */
  error?: { reason: string; message: string };
}

/**
 * What the whole comparison found, so a view never has to infer it:
 *
 * - `no-clusters`: no cluster is configured in the portal; nothing was compared.
 * - `clusters-unreadable`: clusters are configured but none could be read
 *   (`clusters[].error` says why); nothing was compared.
 * - `drift`: at least one finding in the clusters that were read.
 * - `consistent`: clusters were read and agree with the catalog.
 *
 * `drift` and `consistent` may cover only some clusters: the others are the
 * `clusters` entries with `status: 'error'`.
 *
 * @public
 */
export type ConsistencyReportState =
  | 'no-clusters'
  | 'clusters-unreadable'
  | 'drift'
  | 'consistent';

/**
 * What the comparison can say about one entity, the first that applies:
 *
 * - `not-annotated`: the entity has no Kubernetes annotations
 *   (`backstage.io/kubernetes-id` or `-label-selector`) and no finding names
 *   it; no workloads are expected for it.
 * - `no-clusters`: it is annotated, but no cluster is configured in the portal.
 * - `clusters-unreadable`: it is annotated, clusters are configured, none
 *   could be read (`clusters[].error` says why).
 * - `drift`: findings about the entity or naming it.
 * - `consistent`: the clusters read agree with its annotations.
 *
 * @public
 */
export type EntityConsistencyState =
  | 'not-annotated'
  | 'no-clusters'
  | 'clusters-unreadable'
  | 'drift'
  | 'consistent';

/** `GET /report` @public */
export interface ConsistencyReportResponse {
  state: ConsistencyReportState;
  generatedAt: string;
  durationMs: number;
  /** One entry per configured cluster; empty when none is configured. */
  clusters: ClusterStatus[];
  summary: ComparisonSummary & { catalogEntities: number };
  findings: ConsistencyFinding[];
}

/** `GET /entities/:kind/:namespace/:name` @public */
export interface EntityConsistencyResponse {
  state: EntityConsistencyState;
  generatedAt: string;
  entityRef: string;
  /**
   * The selector Backstage's Kubernetes tab uses for the entity, whether or
   * not a cluster was read; null without Kubernetes annotations.
   */
  kubernetes: { labelSelector: string; namespace?: string } | null;
  workloads: WorkloadRef[];
  /** Findings about the entity or naming it. */
  findings: ConsistencyFinding[];
  clusters: ClusterStatus[];
}
