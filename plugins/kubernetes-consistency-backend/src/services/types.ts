/** The workload kinds compared with the catalog. @public */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'CronJob';

/** A workload as the comparison needs it: where it runs and its labels. @public */
export interface Workload {
  cluster: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** `metadata.labels`: what Backstage's Kubernetes tab selects workloads by. */
  labels: Record<string, string>;
  /** Labels of its pods (`spec.template`, for a CronJob `spec.jobTemplate.spec.template`). */
  podTemplateLabels: Record<string, string>;
}

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

/** What {@link compareClusterWithCatalog} returns. @public */
export interface ComparisonResult {
  findings: ConsistencyFinding[];
  /** For each entity with Kubernetes annotations: the workloads its selector finds. */
  workloadsByEntity: Map<string, WorkloadRef[]>;
  /** Entity ref → the label selector Backstage's Kubernetes tab uses for it. */
  selectorsByEntity: Map<string, string>;
  summary: ComparisonSummary;
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
