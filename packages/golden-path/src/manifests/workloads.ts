import type { JsonObject } from '../types';
import { asObject, asObjects, kindOf, labelsOf } from './objects';
import type { ManifestObject } from './types';

/** Where each workload kind keeps its pod template. */
const POD_TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

/** Workloads that run continuously, so need probes and a NetworkPolicy. */
export const LONG_RUNNING_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** A pod template and the workload that owns it. */
export interface PodTemplate {
  workload: ManifestObject;
  labels: Record<string, string>;
  spec: JsonObject;
}

export interface Container {
  name: string;
  init: boolean;
  container: JsonObject;
}

/** The pod template of a workload object, if it is one. */
export function podTemplateOf(m: ManifestObject): PodTemplate | undefined {
  const templatePath = POD_TEMPLATE_PATHS[kindOf(m)];
  if (!templatePath) {
    return undefined;
  }
  const template = templatePath.reduce<JsonObject>(
    (node, key) => asObject(node[key]),
    m.object,
  );
  return {
    workload: m,
    labels: labelsOf(asObject(template.metadata).labels),
    spec: asObject(template.spec),
  };
}

export function podTemplates(objects: ManifestObject[]): PodTemplate[] {
  return objects.flatMap(m => podTemplateOf(m) ?? []);
}

export function containersOf(spec: JsonObject): Container[] {
  const list = (key: string, init: boolean) =>
    asObjects(spec[key]).map(container => ({
      name: String(container.name ?? '(unnamed)'),
      init,
      container,
    }));
  return [...list('initContainers', true), ...list('containers', false)];
}
