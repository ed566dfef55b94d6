import type {
  ComparisonSummary,
  ConsistencyFinding,
  WorkloadKind,
  WorkloadRef,
} from '@conway/plugin-kubernetes-consistency-common';

// The shapes the HTTP API returns live in the common package, shared with the portal.
export {
  CONSISTENCY_FINDING_TYPES,
  type ComparisonSummary,
  type ConsistencyFinding,
  type ConsistencyFindingType,
  type WorkloadKind,
  type WorkloadRef,
} from '@conway/plugin-kubernetes-consistency-common';

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

/** What {@link compareClusterWithCatalog} returns. @public */
export interface ComparisonResult {
  findings: ConsistencyFinding[];
  /** For each entity with Kubernetes annotations: the workloads its selector finds. */
  workloadsByEntity: Map<string, WorkloadRef[]>;
  /** Entity ref → the label selector Backstage's Kubernetes tab uses for it. */
  selectorsByEntity: Map<string, string>;
  summary: ComparisonSummary;
}
