import { Entity } from '@backstage/catalog-model';
import { AddFinding, FindingCollector } from '../services/findings';
import type { Workload } from '../services/types';

/** An entity in the default namespace. */
export const entity = (
  kind: string,
  name: string,
  spec: object = {},
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    ...(annotations ? { annotations } : {}),
  },
  spec,
});

/** A Deployment in cluster `dev`, namespace `shop`, its pods labelled like it. */
export const workload = (
  name: string,
  labels: Record<string, string> = {},
  overrides: Partial<Workload> = {},
): Workload => ({
  cluster: 'dev',
  kind: 'Deployment',
  namespace: 'shop',
  name,
  labels,
  podTemplateLabels: labels,
  ...overrides,
});

/** The `backstage.io/kubernetes-id` annotation or label. */
export const kubernetesId = (value: string) => ({
  'backstage.io/kubernetes-id': value,
});

/** The findings a stage reports through `add`, with ids and severities. */
export function collectFindings(stage: (add: AddFinding) => void) {
  const collector = new FindingCollector();
  stage(collector.add);
  return collector.sorted();
}
