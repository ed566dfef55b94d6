import type { Finding } from '../findings';
import { importEsm } from './importEsm';
import { asObject, findingFor } from './objects';
import type { ManifestObject } from './types';

interface Model {
  validate(): void;
}
type ModelClass = new (data: never) => Model;

// Modules are loaded on first use: they are large and only manifest checks need them.
// Each exports a class named after the kind.
const MODELS: Record<string, string> = {
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'v1/Namespace': 'kubernetes-models/v1/Namespace',
  'v1/PersistentVolumeClaim': 'kubernetes-models/v1/PersistentVolumeClaim',
  'v1/Pod': 'kubernetes-models/v1/Pod',
  'v1/Secret': 'kubernetes-models/v1/Secret',
  'v1/Service': 'kubernetes-models/v1/Service',
  'v1/ServiceAccount': 'kubernetes-models/v1/ServiceAccount',
  'apps/v1/DaemonSet': 'kubernetes-models/apps/v1/DaemonSet',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'apps/v1/StatefulSet': 'kubernetes-models/apps/v1/StatefulSet',
  'batch/v1/CronJob': 'kubernetes-models/batch/v1/CronJob',
  'batch/v1/Job': 'kubernetes-models/batch/v1/Job',
  'autoscaling/v2/HorizontalPodAutoscaler':
    'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget':
    'kubernetes-models/policy/v1/PodDisruptionBudget',
  'networking.k8s.io/v1/Ingress':
    'kubernetes-models/networking.k8s.io/v1/Ingress',
  'networking.k8s.io/v1/NetworkPolicy':
    'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
  'rbac.authorization.k8s.io/v1/Role':
    'kubernetes-models/rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding':
    'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding',
  'monitoring.coreos.com/v1/PodMonitor':
    '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor',
  'monitoring.coreos.com/v1/PrometheusRule':
    '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule',
  'monitoring.coreos.com/v1/ServiceMonitor':
    '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor',
};

async function loadModel(
  apiVersionKind: string,
): Promise<ModelClass | undefined> {
  const specifier = MODELS[apiVersionKind];
  if (!specifier) {
    return undefined;
  }
  const kind = apiVersionKind.slice(apiVersionKind.lastIndexOf('/') + 1);
  return (await importEsm(specifier))[kind] as ModelClass;
}

/** The apiVersion/kind pairs {@link validateManifestSchemas} has schemas for. @public */
export const KNOWN_KINDS: readonly string[] = Object.keys(MODELS);

/** `/spec/template/spec/containers/0/ports/0/containerPort` → `spec.template.spec.containers[0].ports[0].containerPort` */
function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i ? '.' : ''}${s}`))
    .join('');
}

/** An Ajv error, as kubernetes-models' ValidationError carries them in `errors`. */
interface SchemaErrorDetail {
  instancePath?: string;
  message?: string;
}

/**
 * Validates objects against the Kubernetes OpenAPI schemas of their kinds
 * (and the prometheus-operator CRDs), offline.
 *
 * @returns `schema-valid` errors naming the object and field path, and a
 *   `known-kind` warning for each object of a kind without a schema
 * @public
 */
export async function validateManifestSchemas(
  objects: ManifestObject[],
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const m of objects) {
    const { apiVersion, kind } = m.object;
    if (
      typeof apiVersion !== 'string' ||
      typeof kind !== 'string' ||
      typeof asObject(m.object.metadata).name !== 'string'
    ) {
      findings.push(
        findingFor(
          m,
          'schema-valid',
          'error',
          'must have apiVersion, kind and metadata.name',
        ),
      );
      continue;
    }
    const Model = await loadModel(`${apiVersion}/${kind}`);
    if (!Model) {
      findings.push(
        findingFor(
          m,
          'known-kind',
          'warning',
          `no schema for ${kind} in ${apiVersion}; not validated`,
        ),
      );
      continue;
    }
    try {
      new Model(m.object as never).validate();
    } catch (error) {
      const details = (error as { errors?: SchemaErrorDetail[] }).errors;
      const messages = details?.length
        ? details.map(
            d =>
              `${pointerToPath(d.instancePath ?? '') || '(root)'} ${d.message}`,
          )
        : [(error as Error).message];
      for (const message of messages) {
        findings.push(findingFor(m, 'schema-valid', 'error', message));
      }
    }
  }
  return findings;
}
