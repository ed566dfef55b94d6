import { createApiRef } from '@backstage/frontend-plugin-api';

// The HTTP API of @conway/plugin-kubernetes-consistency-backend
// (`/api/kubernetes-consistency`, see its services/ConsistencyService.ts).
// A frontend package cannot import a backend one, so the response shapes are
// declared here; move them to a common package when a second client appears.

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

/** One disagreement between the clusters and the catalog. @public */
export interface ConsistencyFinding {
  id: string;
  type: ConsistencyFindingType;
  severity: 'error' | 'warning';
  message: string;
  /** What to change, concretely. */
  suggestion: string;
  entityRef?: string;
  workloads: WorkloadRef[];
  relatedRefs?: string[];
}

/** How reading one cluster went. @public */
export interface ClusterStatus {
  name: string;
  title?: string;
  status: 'ok' | 'error';
  workloads: number;
  durationMs: number;
  /** Why the cluster could not be read (`reason`: unreachable, unauthorized, forbidden, …). */
  error?: { reason: string; message: string };
}

/** Counts of a comparison. @public */
export interface ConsistencySummary {
  workloads: number;
  mappedWorkloads: number;
  annotatedEntities: number;
  annotatedEntitiesWithWorkloads: number;
  findingsByType: Record<ConsistencyFindingType, number>;
  catalogEntities: number;
}

/** `GET /report` @public */
export interface ConsistencyReportResponse {
  generatedAt: string;
  durationMs: number;
  /** One entry per configured cluster; empty when none is configured. */
  clusters: ClusterStatus[];
  summary: ConsistencySummary;
  findings: ConsistencyFinding[];
}

/** `GET /entities/:kind/:namespace/:name` @public */
export interface EntityConsistencyResponse {
  generatedAt: string;
  entityRef: string;
  /** The selector Backstage's Kubernetes tab uses; null without Kubernetes annotations. */
  kubernetes: { labelSelector: string; namespace?: string } | null;
  workloads: WorkloadRef[];
  findings: ConsistencyFinding[];
  clusters: ClusterStatus[];
}

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
  createApiRef<KubernetesConsistencyApi>({
    id: 'plugin.ownership.kubernetes-consistency',
  });
