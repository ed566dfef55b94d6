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

/** `GET /report` @public */
export interface ConsistencyReportResponse {
  generatedAt: string;
  durationMs: number;
  /** One entry per configured cluster; empty when none is configured. */
  clusters: ClusterStatus[];
  summary: ComparisonSummary & { catalogEntities: number };
  findings: ConsistencyFinding[];
}

/** `GET /entities/:kind/:namespace/:name` @public */
export interface EntityConsistencyResponse {
  generatedAt: string;
  entityRef: string;
  /** The selector Backstage's Kubernetes tab uses for the entity; null without Kubernetes annotations. */
  kubernetes: { labelSelector: string; namespace?: string } | null;
  workloads: WorkloadRef[];
  /** Findings about the entity or naming it. */
  findings: ConsistencyFinding[];
  clusters: ClusterStatus[];
}
