import { KubeObject } from './objects';

/** Options of {@link generateWorkloads}. @public */
export interface GenerateWorkloadsOptions {
  /** Number of workloads. */
  count: number;
  /** Spread over this many namespaces, `team-0` … Default 20. */
  namespaces?: number;
  /** Workload `i` is named and labelled `<prefix>-<i>`. Default `svc`. */
  prefix?: string;
  /**
   * The `backstage.io/kubernetes-id` label of workload `i`; return undefined
   * to leave it off. Default: its name.
   */
  kubernetesId?: (index: number, name: string) => string | undefined;
}

const KINDS = ['Deployment', 'StatefulSet', 'CronJob'] as const;
/** Workloads ending in 8 are StatefulSets, in 9 CronJobs. */
const KIND_OF_DIGIT: Record<number, number> = { 8: 1, 9: 2 };

/**
 * Deterministic workloads for tests and benchmarks: 8 in 10 Deployments, 1 in
 * 10 StatefulSets, 1 in 10 CronJobs, each valid for the test server and
 * labelled like a golden-path service.
 *
 * @public
 */
export function generateWorkloads(
  options: GenerateWorkloadsOptions,
): KubeObject[] {
  const namespaces = options.namespaces ?? 20;
  const prefix = options.prefix ?? 'svc';
  const workloads: KubeObject[] = [];
  for (let i = 0; i < options.count; i++) {
    const name = `${prefix}-${i}`;
    const id = options.kubernetesId ? options.kubernetesId(i, name) : name;
    const kind = KINDS[KIND_OF_DIGIT[i % 10] ?? 0];
    workloads.push(workload(kind, name, `team-${i % namespaces}`, id));
  }
  return workloads;
}

/**
 * One workload of a kind, with `backstage.io/kubernetes-id` on it and its pod template when `id` is given.
 *
 * @public
 */
export function workload(
  kind: 'Deployment' | 'StatefulSet' | 'CronJob',
  name: string,
  namespace: string,
  id: string | undefined,
): KubeObject {
  const selector = { 'app.kubernetes.io/name': name };
  const labels: Record<string, string> = {
    ...selector,
    ...(id !== undefined ? { 'backstage.io/kubernetes-id': id } : {}),
  };
  const pod = {
    metadata: { labels: { ...labels } },
    spec: {
      containers: [
        {
          name: 'app',
          image: `ghcr.io/northwind/${name}:1.0.0`,
          ports: [{ name: 'http', containerPort: 8080 }],
        },
      ],
      ...(kind === 'CronJob' ? { restartPolicy: 'OnFailure' } : {}),
    },
  };
  const metadata = { name, namespace, labels: { ...labels } };
  switch (kind) {
    case 'CronJob':
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata,
        spec: {
          schedule: '0 * * * *',
          jobTemplate: { spec: { template: pod } },
        },
      };
    case 'StatefulSet':
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata,
        spec: {
          serviceName: name,
          replicas: 1,
          selector: { matchLabels: selector },
          template: pod,
        },
      };
    default:
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata,
        spec: {
          replicas: 2,
          selector: { matchLabels: selector },
          template: pod,
        },
      };
  }
}
