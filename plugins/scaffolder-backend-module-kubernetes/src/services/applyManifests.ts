import { createHash } from 'node:crypto';
import {
  describeObject,
  KubeObject,
  KubernetesClusterClient,
  KubernetesClusterError,
} from '@conway/kubernetes-clusters';

/** What an apply did (or, in a dry run, would do) to one object. */
export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

/** One object and what happened to it; JSON, so it can be a checkpoint value and an output. */
export type AppliedObject = {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  result: ApplyOutcome;
};

/** An object with what the server-side dry run predicted for it. */
export interface PlannedObject {
  object: KubeObject;
  /** e.g. `Deployment production/orders` */
  label: string;
  /** Checkpoint key: the object's identity and a hash of its content. */
  key: string;
  predicted: ApplyOutcome;
}

/**
 * Kinds in the order Helm installs them: what others depend on first
 * (namespaces, policies, accounts, config), workloads after their Service,
 * autoscalers after their target. Kinds not listed go last.
 */
const INSTALL_ORDER = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
];

function rank(kind: string): number {
  const i = INSTALL_ORDER.indexOf(kind);
  return i === -1 ? INSTALL_ORDER.length : i;
}

/** Sorted for apply; stable within a kind (the manifests' own order). */
export function sortForApply(objects: KubeObject[]): KubeObject[] {
  return objects
    .map((object, index) => ({ object, index }))
    .sort(
      (a, b) => rank(a.object.kind) - rank(b.object.kind) || a.index - b.index,
    )
    .map(({ object }) => object);
}

/** Fields the server sets: equal objects may differ in them. */
function comparable(object: KubeObject | undefined): unknown {
  if (!object) return undefined;
  const { status: _status, ...rest } = object;
  const {
    managedFields: _mf,
    resourceVersion: _rv,
    generation: _g,
    ...metadata
  } = object.metadata;
  return JSON.stringify(sortKeys({ ...rest, metadata }));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(k => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Created when there was no object; else unchanged or configured. */
function outcomeOf(live: KubeObject | undefined, same: boolean): ApplyOutcome {
  if (!live) return 'created';
  return same ? 'unchanged' : 'configured';
}

const summary = (object: KubeObject, result: ApplyOutcome): AppliedObject => ({
  apiVersion: object.apiVersion,
  kind: object.kind,
  name: object.metadata.name,
  ...(object.metadata.namespace
    ? { namespace: object.metadata.namespace }
    : {}),
  result,
});

/**
 * Checks every object against the cluster before anything is written:
 * whether the cluster serves its kind (the namespace is then forced on, or
 * removed from, the object), and a server-side dry run of each, so that RBAC,
 * admission, validation and field-ownership conflicts fail the whole apply up
 * front. Returns the objects in apply order with the predicted outcome.
 *
 * @throws KubernetesClusterError, before any write
 */
export async function planApply(options: {
  client: KubernetesClusterClient;
  objects: KubeObject[];
  namespace?: string;
  fieldManager: string;
}): Promise<PlannedObject[]> {
  const { client, fieldManager } = options;
  const unserved: string[] = [];
  const prepared: KubeObject[] = [];
  for (const original of options.objects) {
    const served = await client.served(original.apiVersion, original.kind);
    if (!served) {
      unserved.push(
        `${original.apiVersion} ${original.kind} (${describeObject(original)})`,
      );
      continue;
    }
    const object = structuredClone(original);
    if (served.namespaced) {
      object.metadata.namespace =
        options.namespace ?? object.metadata.namespace ?? 'default';
    } else {
      delete object.metadata.namespace;
    }
    prepared.push(object);
  }
  if (unserved.length) {
    throw new KubernetesClusterError({
      reason: 'kind-not-served',
      cluster: client.cluster.name,
      message: `Cluster '${client.cluster.name}' does not serve ${unserved.join(
        ', ',
      )}: install the CRD (e.g. the Prometheus Operator for ServiceMonitor and PrometheusRule) or remove the object from the manifests.`,
    });
  }

  // Namespaces created by this same apply do not exist yet for a dry run.
  const creates = new Set(
    prepared.filter(o => o.kind === 'Namespace').map(o => o.metadata.name),
  );
  const planned: PlannedObject[] = [];
  for (const object of sortForApply(prepared)) {
    const label = describeObject(object);
    const pending =
      object.metadata.namespace && creates.has(object.metadata.namespace);
    let outcome: ApplyOutcome = 'created';
    try {
      const live = await client.read(object);
      const dry = await client.apply(object, { fieldManager, dryRun: true });
      outcome = outcomeOf(live, comparable(live) === comparable(dry));
    } catch (error) {
      if (
        !(
          pending &&
          (error as KubernetesClusterError).reason === 'namespace-not-found'
        )
      ) {
        throw error;
      }
    }
    const hash = createHash('sha256')
      .update(JSON.stringify(sortKeys(object)))
      .digest('hex')
      .slice(0, 16);
    planned.push({
      object,
      label,
      key: `${client.cluster.name}/${object.apiVersion}/${object.kind}/${
        object.metadata.namespace ?? ''
      }/${object.metadata.name}/${hash}`,
      predicted: outcome,
    });
  }
  return planned;
}

/** An apply that stopped part-way: what was applied, what failed, what was not tried. */
export class PartialApplyError extends Error {
  readonly name = 'PartialApplyError';

  constructor(
    readonly applied: Array<{ label: string; result: ApplyOutcome }>,
    readonly failed: { label: string; error: Error },
    readonly notAttempted: string[],
    cluster: string,
  ) {
    const total = applied.length + 1 + notAttempted.length;
    super(
      [
        applied.length
          ? `The apply to cluster '${cluster}' is INCOMPLETE: ${applied.length} of ${total} objects were applied before ${failed.label} failed. The cluster now runs a mix of old and new objects; fix the cause and run the task again (server-side apply is idempotent).`
          : `Nothing was applied to cluster '${cluster}': ${failed.label}, the first of ${total} objects, failed.`,
        `Failed: ${failed.label}: ${failed.error.message}`,
        `Applied: ${
          applied.map(a => `${a.label} (${a.result})`).join(', ') || 'none'
        }`,
        `Not attempted: ${notAttempted.join(', ') || 'none'}`,
      ].join('\n'),
    );
  }
}

/**
 * Applies planned objects one by one, each through `checkpoint` so a retried
 * task does not repeat what it already applied.
 *
 * @throws PartialApplyError when an object fails (or the task is cancelled) after others were applied
 */
export async function applyPlanned(options: {
  client: KubernetesClusterClient;
  planned: PlannedObject[];
  fieldManager: string;
  checkpoint: (
    key: string,
    fn: () => Promise<AppliedObject>,
  ) => Promise<AppliedObject>;
  onApplied: (plan: PlannedObject, applied: AppliedObject) => void;
  signal?: AbortSignal;
}): Promise<AppliedObject[]> {
  const { client, planned, fieldManager } = options;
  const done: AppliedObject[] = [];
  for (const [i, plan] of planned.entries()) {
    let applied: AppliedObject;
    try {
      if (options.signal?.aborted) {
        throw new Error('the task was cancelled');
      }
      applied = await options.checkpoint(plan.key, async () => {
        const live = await client.read(plan.object);
        const result = await client.apply(plan.object, { fieldManager });
        return summary(
          plan.object,
          outcomeOf(
            live,
            live?.metadata.resourceVersion === result.metadata.resourceVersion,
          ),
        );
      });
    } catch (error) {
      throw new PartialApplyError(
        done.map((d, j) => ({ label: planned[j].label, result: d.result })),
        { label: plan.label, error: error as Error },
        planned.slice(i + 1).map(p => p.label),
        client.cluster.name,
      );
    }
    done.push(applied);
    options.onApplied(plan, applied);
  }
  return done;
}

/** The outcome of a dry run, in the same shape as an apply's. */
export function predicted(planned: PlannedObject[]): AppliedObject[] {
  return planned.map(p => summary(p.object, p.predicted));
}
