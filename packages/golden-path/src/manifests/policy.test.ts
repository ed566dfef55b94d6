import type { Entity } from '@backstage/catalog-model';
import { fixturePath } from '../__fixtures__/fixtures';
import type { JsonObject } from '../types';
import { POLICY_CHECKS } from './checks';
import { loadManifests, parseManifests } from './loadManifests';
import { checkPolicies } from './policy';
import type { ManifestObject } from './types';

const hardened = () => loadManifests(fixturePath('manifests', 'base'));
const lines = (objects: ManifestObject[], entity?: Entity) =>
  checkPolicies(objects, { catalogEntity: entity }).map(
    f => `${f.id} ${f.object ?? '-'}: ${f.message}`,
  );

/** The hardened set with one object changed. */
async function hardenedWith(
  kind: string,
  change: (object: JsonObject) => void,
) {
  const objects = await hardened();
  const target = objects.find(o => o.object.kind === kind)!;
  change(target.object);
  return objects;
}
const podSpec = (deployment: JsonObject) =>
  ((deployment.spec as JsonObject).template as JsonObject).spec as JsonObject;
const container = (deployment: JsonObject) =>
  (podSpec(deployment).containers as JsonObject[])[0];

const component = (kubernetesId?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    annotations: kubernetesId
      ? { 'backstage.io/kubernetes-id': kubernetesId }
      : {},
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

describe('checkPolicies', () => {
  it('finds nothing in the hardened manifests', async () => {
    expect(lines(await hardened(), component('orders'))).toEqual([]);
  });

  it('reports exactly the expected checks for the broken manifest', async () => {
    const findings = checkPolicies(
      await loadManifests(fixturePath('manifests', 'broken')),
    );
    expect([...new Set(findings.map(f => f.id))]).toEqual(
      POLICY_CHECKS.map(c => c.id).filter(
        id =>
          !['schema-valid', 'known-kind', 'catalog-entity-valid'].includes(id),
      ),
    );
    expect(findings.map(f => `${f.id} ${f.object}: ${f.message}`)).toEqual([
      'probes Deployment/payments: container "app" has no livenessProbe and readinessProbe',
      'resources Deployment/payments: container "app" does not set resources.requests.cpu, resources.requests.memory, resources.limits.cpu, resources.limits.memory',
      'image-tag-pinned Deployment/payments: container "app" uses image "ghcr.io/conway/payments" without a tag',
      'run-as-non-root Deployment/payments: container "app" must set runAsNonRoot: true and runAsUser >= 10000 (has runAsNonRoot null, runAsUser null)',
      'read-only-root-filesystem Deployment/payments: container "app" does not set readOnlyRootFilesystem: true',
      'no-privilege-escalation Deployment/payments: container "app" is privileged',
      'drop-all-capabilities Deployment/payments: container "app" does not drop ALL capabilities',
      'seccomp-profile Deployment/payments: container "app" has seccompProfile null; use RuntimeDefault or Localhost',
      'no-host-namespaces Deployment/payments: pod template sets hostNetwork',
      'no-service-account-token Deployment/payments: pod template mounts a service account token; set automountServiceAccountToken: false',
      'pod-disruption-budget PodDisruptionBudget/payments: maxUnavailable 0 allows no eviction for Deployment/payments',
      'network-policy Deployment/payments: no NetworkPolicy selects its pods',
      'horizontal-pod-autoscaler HorizontalPodAutoscaler/payments: minReplicas is 1; use at least 2',
      'horizontal-pod-autoscaler HorizontalPodAutoscaler/payments: has no metrics; set explicit metric targets (autoscaling/v2)',
      'selector-matches-template Deployment/payments: spec.selector does not match the pod template labels {"app":"payments"}',
      'service-selector-matches Service/payments: selector {"app":"payment"} matches no pod template',
      'duplicate-env Deployment/payments: container "app" defines MODE more than once',
      'secret-in-env Deployment/payments: container "app" sets STRIPE_API_KEY from a literal value; use valueFrom.secretKeyRef',
      'kubernetes-id-label Deployment/payments: metadata.labels lack backstage.io/kubernetes-id',
      'kubernetes-id-label Deployment/payments: pod template labels lack backstage.io/kubernetes-id',
    ]);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      source: fixturePath('manifests', 'broken', 'workload.yaml'),
      index: 0,
    });
  });

  it('compares the kubernetes-id label with the catalog annotation', async () => {
    expect(lines(await hardened(), component('orders-service'))).toEqual([
      'kubernetes-id-label Deployment/orders: metadata.labels have backstage.io/kubernetes-id "orders" but catalog entity Component:default/orders has "orders-service"',
      'kubernetes-id-label Deployment/orders: pod template labels have backstage.io/kubernetes-id "orders" but catalog entity Component:default/orders has "orders-service"',
    ]);
    expect(lines(await hardened(), component())).toEqual([
      'kubernetes-id-label -: catalog entity Component:default/orders has no backstage.io/kubernetes-id annotation',
    ]);
  });

  it('accepts pinned digests and rejects latest and registry ports without a tag', async () => {
    const withImage = (image: string) =>
      hardenedWith('Deployment', d => {
        container(d).image = image;
      }).then(o => lines(o));
    expect(await withImage('ghcr.io/conway/orders@sha256:abc')).toEqual([]);
    expect(await withImage('registry:5000/orders:latest')).toEqual([
      'image-tag-pinned Deployment/orders: container "app" uses image "registry:5000/orders:latest" with the latest tag',
    ]);
    expect(await withImage('registry:5000/orders')).toEqual([
      'image-tag-pinned Deployment/orders: container "app" uses image "registry:5000/orders" without a tag',
    ]);
  });

  it('flags literal values of secret-like variables only', async () => {
    const objects = await hardenedWith('Deployment', d => {
      container(d).env = [
        'KEYCLOAK_URL',
        'API_KEY',
        'DB_PASSWORD',
        'GITHUB_TOKEN',
        'APIKEY',
      ].map(name => ({ name, value: 'x' }));
    });
    expect(lines(objects)).toEqual([
      'secret-in-env Deployment/orders: container "app" sets API_KEY, DB_PASSWORD, GITHUB_TOKEN, APIKEY from a literal value; use valueFrom.secretKeyRef',
    ]);
  });

  it('takes runAsUser from the pod and the token setting from the ServiceAccount', async () => {
    const objects = await hardenedWith('Deployment', d => {
      delete podSpec(d).automountServiceAccountToken;
      container(d).securityContext = {
        ...(container(d).securityContext as JsonObject),
        runAsUser: 1000,
      };
    });
    expect(lines(objects)).toEqual([
      'run-as-non-root Deployment/orders: container "app" must set runAsNonRoot: true and runAsUser >= 10000 (has runAsNonRoot true, runAsUser 1000)',
    ]);
  });

  it('checks that the PodDisruptionBudget allows an eviction at the HPA minimum', async () => {
    const withBudget = (budget: JsonObject) =>
      hardenedWith('PodDisruptionBudget', pdb => {
        pdb.spec = { ...budget, selector: (pdb.spec as JsonObject).selector };
      }).then(o => lines(o));
    expect(await withBudget({ minAvailable: 1 })).toEqual([]);
    expect(await withBudget({ minAvailable: '50%' })).toEqual([]);
    expect(await withBudget({ maxUnavailable: '25%' })).toEqual([]);
    expect(await withBudget({ minAvailable: 2 })).toEqual([
      'pod-disruption-budget PodDisruptionBudget/orders: minAvailable 2 with 2 replica(s) allows no eviction for Deployment/orders',
    ]);
    expect(await withBudget({ minAvailable: '100%' })).toEqual([
      'pod-disruption-budget PodDisruptionBudget/orders: minAvailable "100%" with 2 replica(s) allows no eviction for Deployment/orders',
    ]);
    expect(await withBudget({})).toEqual([
      'pod-disruption-budget PodDisruptionBudget/orders: sets neither minAvailable nor maxUnavailable for Deployment/orders',
    ]);
  });

  it('reports PDBs, HPAs and NetworkPolicies that select nothing', async () => {
    const objects = [
      ...(await hardened()),
      ...parseManifests(
        [
          'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: extra}\nspec: {maxUnavailable: 1, selector: {matchExpressions: [{key: app.kubernetes.io/name, operator: In, values: [orders]}]}}',
          'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: stray}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: gone}}}',
          'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: stray}\nspec: {scaleTargetRef: {kind: Deployment, name: gone}, minReplicas: 2, maxReplicas: 3, metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization}}}]}',
        ].join('\n---\n'),
        'extra.yaml',
      ),
    ];
    expect(lines(objects)).toEqual([
      'pod-disruption-budget Deployment/orders: its pods are selected by PodDisruptionBudget/orders and PodDisruptionBudget/extra; the eviction API refuses pods with more than one PodDisruptionBudget',
      'pod-disruption-budget PodDisruptionBudget/stray: selects no pods of the workloads in these manifests',
      'horizontal-pod-autoscaler HorizontalPodAutoscaler/stray: metric 0 (Resource) has no target',
      'horizontal-pod-autoscaler HorizontalPodAutoscaler/stray: targets Deployment/gone, which is not in these manifests',
    ]);
  });

  it('matches selectors within one namespace only', async () => {
    const objects = await hardenedWith('NetworkPolicy', np => {
      (np.metadata as JsonObject).namespace = 'other';
    });
    expect(lines(objects)).toEqual([
      'network-policy Deployment/orders: no NetworkPolicy selects its pods',
    ]);
  });
});
