/*
 * Kubernetes end to end, on the embedded default (SQLite): the real backend
 * with a cluster configured in kubernetes.clusterLocatorMethods, the real
 * @kubernetes/client-node, the real typescript-service template and its
 * `kubernetes:apply` deploy step.
 *
 * The cluster is @conway/kube-test-server, an in-memory API server on
 * loopback: a TEST DOUBLE (no kube-apiserver, kind or k3s can run on this
 * machine). It implements discovery, get/list, server-side apply with field
 * managers and dry run, and 401/403/404; not admission, RBAC or pods.
 *
 * What "nothing half-done" means for a deploy: the template dry-runs every
 * object on the cluster before it publishes (step deployCheck), so an
 * unreachable cluster, rejected credentials, a forbidden namespace or a
 * rejected manifest fail the task with nothing published, registered or
 * applied, and the log names the cluster, namespace and reason. The apply
 * itself runs after registering; should it still fail, the action reports
 * which objects were and were not applied (tested in the module's own tests)
 * and the service stays registered, ready for a retry.
 *
 * Needs: git and kubectl (kustomize) on PATH.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { KubeTestServer } from '@conway/kube-test-server';
import {
  makeTempDir,
  startBackend,
  TestBackend,
  waitFor,
} from '../lib/backend';
import { getEntity, guestToken } from '../lib/catalog';

jest.setTimeout(300_000);

const TEMPLATE_REF = 'template:default/typescript-service';
const CLUSTER = 'e2e-dev';
const CLUSTER_TOKEN = 'e2e-cluster-token';
const NAMESPACE = 'checkout-dev';
/** The namespace exists, but the portal's service account may not touch it. */
const FORBIDDEN_NAMESPACE = 'payments-prod';

/** What the golden path deploys, by API group/version and kind. */
const GOLDEN_PATH_KINDS = [
  ['v1', 'ServiceAccount'],
  ['v1', 'Service'],
  ['apps/v1', 'Deployment'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['monitoring.coreos.com/v1', 'ServiceMonitor'],
] as const;

interface TaskEvent {
  type: string;
  body: { message: string; stepId?: string; status?: string };
}

const deployment = (
  namespace: string,
  name: string,
  labels: Record<string, string>,
  podLabels: Record<string, string>,
) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name, ...podLabels } },
      spec: {
        containers: [{ name, image: `ghcr.io/northwind/${name}:1.0.0` }],
      },
    },
  },
});

describe('Kubernetes: deploy from the golden path, cluster vs catalog (kube-test-server, a test double)', () => {
  const dataDir = makeTempDir('kubernetes');
  let kube: KubeTestServer;
  let backend: TestBackend;
  let token: string;

  beforeAll(async () => {
    kube = await KubeTestServer.start({
      token: CLUSTER_TOKEN,
      user: 'system:serviceaccount:conway:backstage',
      forbiddenNamespaces: [FORBIDDEN_NAMESPACE],
    });
    kube.seed([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: FORBIDDEN_NAMESPACE },
      },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy' } },
      // An orphan: labelled for Backstage, but no catalog entity claims it.
      deployment(
        'legacy',
        'nightly-reconciler',
        { 'backstage.io/kubernetes-id': 'nightly-reconciler' },
        { 'backstage.io/kubernetes-id': 'nightly-reconciler' },
      ),
      // org/components.yaml annotates checkout-service; its pods are labelled otherwise.
      deployment(
        'legacy',
        'checkout-service',
        { 'backstage.io/kubernetes-id': 'checkout-service' },
        { 'backstage.io/kubernetes-id': 'checkout' },
      ),
    ]);
    backend = await startBackend({
      dataDir,
      config: [
        {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: CLUSTER,
                    url: kube.url,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: CLUSTER_TOKEN,
                    // Plain HTTP on loopback: the test double serves no TLS.
                    skipTLSVerify: true,
                    skipMetricsLookup: true,
                  },
                ],
              },
            ],
          },
        },
      ],
    });
    await waitFor('the typescript-service template', () =>
      getEntity(backend, TEMPLATE_REF),
    );
    await waitFor('team-checkout', () =>
      getEntity(backend, 'group:default/team-checkout'),
    );
    await waitFor('checkout-service', () =>
      getEntity(backend, 'component:default/checkout-service'),
    );
    token = await guestToken(backend);
  });

  afterAll(async () => {
    await backend?.stop();
    await kube?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function scaffold(values: Record<string, unknown>) {
    const res = await backend.fetch('/api/scaffolder/v2/tasks', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({
        templateRef: TEMPLATE_REF,
        values: {
          owner: 'group:default/team-checkout',
          port: 8080,
          database: 'none',
          ciProvider: 'github-actions',
          ...values,
        },
      }),
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const task = await waitFor(
      `task ${id} to finish`,
      async () => {
        const t = await backend.fetchJson(`/api/scaffolder/v2/tasks/${id}`);
        return ['completed', 'failed', 'cancelled'].includes(t.status)
          ? t
          : undefined;
      },
      240_000,
    );
    const events: TaskEvent[] = await backend.fetchJson(
      `/api/scaffolder/v2/tasks/${id}/events`,
    );
    // Task log lines carry a coloured level prefix ("info: "); compare the text.
    const logOf = (stepId: string) =>
      events
        .filter(e => e.body.stepId === stepId && e.type === 'log')
        .map(e =>
          stripVTControlCharacters(e.body.message).replace(
            /^(info|warn|error): /gm,
            '',
          ),
        )
        .join('\n');
    const log = events
      .map(e => `[${e.body.stepId ?? '-'}] ${e.body.message}`)
      .join('\n');
    return {
      task,
      events,
      checkLog: logOf('deployCheck'),
      deployLog: logOf('deploy'),
      log,
    };
  }

  it('deploys a new service to the configured cluster after publishing it: server-side apply as conway, in the chosen namespace, progress in the task log', async () => {
    const name = 'e2e-k8s-orders';
    const { task, checkLog, deployLog, log } = await scaffold({
      name,
      deploy: true,
      namespace: NAMESPACE,
    });
    if (task.status !== 'completed') {
      throw new Error(`task ${task.status}:\n${log}`);
    }

    // Before publishing: a server-side dry run of every object.
    expect(checkLog).toContain(
      `Dry run on cluster '${CLUSTER}': the cluster accepted all 9 object(s); nothing was stored.`,
    );
    // After registering: the apply, with progress object by object.
    expect(deployLog).toMatch(/^Policy check of k8s\/overlays\/dev:\n/m);
    expect(deployLog).toContain(
      `object(s) on cluster '${CLUSTER}' (${kube.url}) in namespace '${NAMESPACE}' with server-side apply, field manager 'conway'`,
    );
    expect(deployLog).toContain(`  created    Deployment ${NAMESPACE}/${name}`);
    expect(deployLog).toMatch(
      new RegExp(
        `Applied 9 object\\(s\\) to cluster '${CLUSTER}': 9 created, 0 configured, 0 unchanged\\.`,
      ),
    );

    // In the cluster: every kind, in the namespace of the answers, owned by field manager conway.
    for (const [apiVersion, kind] of GOLDEN_PATH_KINDS) {
      const object = kube.get(apiVersion, kind, name, NAMESPACE);
      expect(object).toBeDefined();
      expect(object!.metadata?.labels?.['backstage.io/kubernetes-id']).toBe(
        name,
      );
      const managedFields = (object!.metadata?.managedFields ?? []) as Array<{
        manager: string;
        operation: string;
      }>;
      const managers = managedFields.map(m => `${m.manager}/${m.operation}`);
      expect(managers).toEqual(['conway/Apply']);
    }
    expect(
      kube.get(
        'monitoring.coreos.com/v1',
        'PrometheusRule',
        `${name}-slo`,
        NAMESPACE,
      ),
    ).toBeDefined();
    expect(
      kube
        .objects()
        .filter(
          o => o.metadata?.labels?.['backstage.io/kubernetes-id'] === name,
        )
        .map(o => o.metadata?.namespace),
    ).toEqual(Array(9).fill(NAMESPACE));
    const applies = kube.requests.filter(
      r => r.method === 'PATCH' && r.path.includes(`/namespaces/${NAMESPACE}/`),
    );
    // Dry runs (the check step's, then the deploy step's own) and 9 writes.
    expect(applies.filter(r => r.query.dryRun === undefined)).toHaveLength(9);
    expect(applies.filter(r => r.query.dryRun === 'All')).toHaveLength(18);
    for (const r of applies) {
      expect(r.contentType).toBe('application/apply-patch+yaml');
      expect(r.query.fieldManager).toBe('conway');
    }

    // The cluster/catalog report maps the new workload to the new component, with nothing to say about it.
    await waitFor('the new component', () =>
      getEntity(backend, `component:default/${name}`),
    );
    const entity = await waitFor(
      'the comparison to see the new component',
      async () => {
        await backend.fetchJson(
          '/api/kubernetes-consistency/report?refresh=true',
        );
        const e = await backend.fetchJson(
          `/api/kubernetes-consistency/entities/component/default/${name}`,
        );
        return e.workloads.length > 0 ? e : undefined;
      },
    );
    expect(entity.workloads).toEqual([
      { cluster: CLUSTER, kind: 'Deployment', namespace: NAMESPACE, name },
    ]);
    expect(entity.findings).toEqual([]);

    // Backstage's own Kubernetes tab asks its backend for the entity's objects:
    // the label selector of the catalog annotation finds the generated Deployment.
    const component = await getEntity(backend, `component:default/${name}`);
    const tab = await backend.fetchJson(`/api/kubernetes/services/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entity: component, auth: {} }),
    });
    const clusterObjects = tab.items.find(
      (item: any) => item.cluster.name === CLUSTER,
    );
    expect(clusterObjects).toBeDefined();
    const deployments = clusterObjects.resources.find(
      (r: any) => r.type === 'deployments',
    );
    expect(
      deployments.resources.map((d: any) => [
        d.metadata.namespace,
        d.metadata.name,
      ]),
    ).toEqual([[NAMESPACE, name]]);
  });

  it('reports the seeded orphan workload and the label mismatch at /api/kubernetes-consistency', async () => {
    const report = await backend.fetchJson(
      '/api/kubernetes-consistency/report?refresh=true',
    );
    expect(report.clusters).toEqual([
      expect.objectContaining({ name: CLUSTER, status: 'ok' }),
    ]);
    const orphan = report.findings.filter(
      (f: any) => f.type === 'workload-without-entity',
    );
    expect(orphan).toEqual([
      expect.objectContaining({
        workloads: [
          {
            cluster: CLUSTER,
            kind: 'Deployment',
            namespace: 'legacy',
            name: 'nightly-reconciler',
          },
        ],
        message: expect.stringContaining(
          'is labelled backstage.io/kubernetes-id: nightly-reconciler, but no catalog entity has that annotation',
        ),
      }),
    ]);
    const mismatch = report.findings.filter(
      (f: any) => f.type === 'label-annotation-mismatch',
    );
    expect(mismatch).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/checkout-service',
        workloads: [
          {
            cluster: CLUSTER,
            kind: 'Deployment',
            namespace: 'legacy',
            name: 'checkout-service',
          },
        ],
        message: expect.stringContaining(
          "its pod template's backstage.io/kubernetes-id is 'checkout' but the workload's is 'checkout-service'",
        ),
      }),
    ]);
    // The org's other annotated components have no workload in this cluster.
    expect(
      report.findings.some(
        (f: any) =>
          f.type === 'entity-without-workload' &&
          f.entityRef === 'component:default/payments-service',
      ),
    ).toBe(true);
  });

  it('fails the task on a 403 namespace before publishing: clear message, nothing published, registered or applied', async () => {
    const name = 'e2e-k8s-ledger';
    const before = kube.objects().length;
    const { task, events, log } = await scaffold({
      name,
      deploy: true,
      namespace: FORBIDDEN_NAMESPACE,
    });
    expect(task.status).toBe('failed');
    expect(
      events.find(
        e => e.body.stepId === 'deployCheck' && e.body.status === 'failed',
      ),
    ).toBeDefined();
    expect(log).toContain(`in namespace '${FORBIDDEN_NAMESPACE}'`);
    expect(log).toMatch(
      new RegExp(
        `Nothing was applied: Cluster '${CLUSTER}' does not allow the portal to (read|apply) \\w+ ${FORBIDDEN_NAMESPACE}/${name}[^ ]* \\(403 Forbidden\\).*Grant the portal's service account that permission in namespace '${FORBIDDEN_NAMESPACE}'`,
      ),
    );
    // The failed check stops the task before publish, register and deploy:
    // those steps never start (the scaffolder marks them skipped).
    const started = events
      .filter(
        e => e.body.status === 'processing' || e.body.status === 'completed',
      )
      .map(e => e.body.stepId);
    for (const step of ['publishLocal', 'registerLocal', 'deploy']) {
      expect(started).not.toContain(step);
    }
    expect(kube.objects().length).toBe(before);
    expect(
      kube.objects().filter(o => o.metadata?.namespace === FORBIDDEN_NAMESPACE),
    ).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'repositories', name))).toBe(false);
    expect(
      await getEntity(backend, `component:default/${name}`),
    ).toBeUndefined();
  });

  it('skips the deploy step when the form leaves deploy off', async () => {
    const name = 'e2e-k8s-nodeploy';
    const before = kube.objects().length;
    const { task, events, log } = await scaffold({ name });
    if (task.status !== 'completed') {
      throw new Error(`task ${task.status}:\n${log}`);
    }
    expect(
      events.find(
        e => e.body.stepId === 'deploy' && e.body.status === 'skipped',
      ),
    ).toBeDefined();
    expect(kube.objects().length).toBe(before);
    expect(fs.existsSync(path.join(dataDir, 'repositories', name))).toBe(true);
  });
  it('reports an unreachable cluster and expired credentials clearly, in the report and in the task, publishing nothing', async () => {
    const port = Number(new URL(kube.url).port);
    await kube.stop();

    const down = await backend.fetchJson(
      '/api/kubernetes-consistency/report?refresh=true',
    );
    expect(down.clusters).toEqual([
      expect.objectContaining({
        name: CLUSTER,
        status: 'error',
        error: {
          reason: 'unreachable',
          message: expect.stringContaining(`Cannot reach cluster '${CLUSTER}'`),
        },
      }),
    ]);
    // Nothing read, so nothing compared: no entity is reported as lacking its workloads.
    expect(down.findings).toEqual([]);
    const unreachable = await scaffold({
      name: 'e2e-k8s-unreachable',
      deploy: true,
      namespace: NAMESPACE,
    });
    expect(unreachable.task.status).toBe('failed');
    expect(unreachable.log).toContain(
      `Nothing was applied: Cannot reach cluster '${CLUSTER}' at ${kube.url}: connection refused (ECONNREFUSED)`,
    );

    // The same API server with a rotated token: the portal's token has expired.
    kube = await KubeTestServer.start({ port, token: 'rotated-token' });
    const expired = await backend.fetchJson(
      '/api/kubernetes-consistency/report?refresh=true',
    );
    expect(expired.clusters[0]).toMatchObject({
      status: 'error',
      error: { reason: 'unauthorized' },
    });
    const rejected = await scaffold({
      name: 'e2e-k8s-expired',
      deploy: true,
      namespace: NAMESPACE,
    });
    expect(rejected.task.status).toBe('failed');
    expect(rejected.log).toContain(
      `Nothing was applied: Cluster '${CLUSTER}' at ${kube.url} rejected the portal's credentials (401 Unauthorized)`,
    );
    for (const name of ['e2e-k8s-unreachable', 'e2e-k8s-expired']) {
      expect(fs.existsSync(path.join(dataDir, 'repositories', name))).toBe(
        false,
      );
    }
  });
});
