import { Entity } from '@backstage/catalog-model';
import { KubeObject, workload } from '@conway/kube-test-server';
import { entity } from './builders';

const component = (
  name: string,
  owner: string,
  annotations?: Record<string, string>,
) =>
  entity(
    'Component',
    name,
    { type: 'service', lifecycle: 'production', owner },
    annotations,
  );

const id = (value: string) => ({ 'backstage.io/kubernetes-id': value });

/**
 * A catalog and a cluster with one deliberate mistake per finding type, and
 * one service (orders-api) as the golden path generates it.
 */
export const ENTITIES: Entity[] = [
  entity('Group', 'team-checkout', { type: 'team', children: [] }),
  entity('Group', 'platform', { type: 'department', children: [] }),
  entity('User', 'ada', { memberOf: ['team-checkout'] }),
  // Golden path: both annotations, and the labels match.
  component('orders-api', 'group:default/team-checkout', {
    ...id('orders-api'),
    'backstage.io/kubernetes-label-selector':
      'app.kubernetes.io/name=orders-api',
  }),
  component('billing', 'user:default/ada', id('billing')),
  component('search', 'platform', id('search')),
  component('reports', 'group:default/team-gone', id('reports')),
  component('ghost', 'team-checkout', id('ghost')),
  component('inventory', 'team-checkout', id('inventory')),
  component('payments', 'team-checkout', id('payments')),
  component('shipping', 'team-checkout', {
    'backstage.io/kubernetes-label-selector': 'app in (shipping',
  }),
  component('legacy-cron', 'team-checkout'),
  component('scoped', 'team-checkout', {
    ...id('scoped'),
    'backstage.io/kubernetes-namespace': 'elsewhere',
  }),
  entity('System', 'checkout', { owner: 'team-checkout' }),
];

function withTemplateId(
  object: KubeObject,
  value: string | undefined,
): KubeObject {
  const copy = structuredClone(object) as any;
  const labels = copy.spec.template.metadata.labels;
  if (value === undefined) delete labels['backstage.io/kubernetes-id'];
  else labels['backstage.io/kubernetes-id'] = value;
  return copy;
}

/** Workload objects of the `dev` cluster. */
export const WORKLOAD_OBJECTS: KubeObject[] = [
  workload('Deployment', 'orders-api', 'shop', 'orders-api'),
  workload('Deployment', 'billing', 'shop', 'billing'),
  workload('StatefulSet', 'search', 'shop', 'search'),
  workload('Deployment', 'reports', 'shop', 'reports'),
  // Labelled inventory-v2, while its component is annotated inventory.
  workload('Deployment', 'inventory', 'shop', 'inventory-v2'),
  // The pod template kept an old id.
  withTemplateId(
    workload('Deployment', 'payments', 'shop', 'payments'),
    'payments-old',
  ),
  // No label; a component of the same name exists without annotations.
  workload('CronJob', 'legacy-cron', 'batch', undefined),
  // Labelled, but nothing in the catalog claims it.
  workload('StatefulSet', 'redis', 'shop', 'redis'),
  // Matches 'scoped' by label, but runs outside the namespace its annotation names.
  workload('Deployment', 'scoped', 'shop', 'scoped'),
  // System namespaces are not compared.
  workload('Deployment', 'coredns', 'kube-system', undefined),
];
