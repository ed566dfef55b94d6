import {
  KubeObject,
  KubernetesClusterClient,
} from '@conway/kubernetes-clusters';
import { Workload, WorkloadKind } from './types';

/** The workload kinds read from each cluster. */
export const WORKLOAD_TYPES: ReadonlyArray<{
  apiVersion: string;
  kind: WorkloadKind;
}> = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
];

const labelsAt = (value: unknown): Record<string, string> => {
  const labels = (value as { metadata?: { labels?: unknown } } | undefined)
    ?.metadata?.labels;
  return labels && typeof labels === 'object'
    ? (labels as Record<string, string>)
    : {};
};

/** The labels the comparison needs of one workload object. */
export function toWorkload(
  cluster: string,
  kind: WorkloadKind,
  object: KubeObject,
): Workload {
  const spec = object.spec as
    | { template?: unknown; jobTemplate?: { spec?: { template?: unknown } } }
    | undefined;
  return {
    cluster,
    kind,
    namespace: object.metadata.namespace ?? 'default',
    name: object.metadata.name,
    labels: object.metadata.labels ?? {},
    podTemplateLabels: labelsAt(
      kind === 'CronJob' ? spec?.jobTemplate?.spec?.template : spec?.template,
    ),
  };
}

/**
 * Every Deployment, StatefulSet and CronJob of a cluster, in all namespaces,
 * read page by page (`limit`/`continue`).
 *
 * @throws KubernetesClusterError when the cluster cannot be read
 */
export async function readClusterWorkloads(
  client: KubernetesClusterClient,
  options: { pageSize: number; ignoreNamespaces: string[] },
): Promise<Workload[]> {
  const ignored = new Set(options.ignoreNamespaces);
  // Settled, so that no list is still running when the report says the cluster failed.
  const results = await Promise.allSettled(
    WORKLOAD_TYPES.map(async ({ apiVersion, kind }) => {
      const workloads: Workload[] = [];
      for await (const page of client.list(apiVersion, kind, {
        pageSize: options.pageSize,
      })) {
        for (const object of page) {
          if (!ignored.has(object.metadata.namespace ?? '')) {
            workloads.push(toWorkload(client.cluster.name, kind, object));
          }
        }
      }
      return workloads;
    }),
  );
  const failed = results.find(r => r.status === 'rejected');
  if (failed) {
    throw (failed as PromiseRejectedResult).reason;
  }
  return results.flatMap(r => (r.status === 'fulfilled' ? r.value : []));
}
