import fs from 'node:fs';
import path from 'node:path';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  loadTemplate,
  renderKustomize,
  renderToDirectory,
} from '@conway/golden-path';
import {
  KubeTestServer,
  KubeTestServerOptions,
} from '@conway/kube-test-server';
import {
  closedUrl,
  clusterConfig,
  TEMPLATE_DIR,
  TOKEN,
  VALUES,
} from '../__testUtils__/fixtures';
import { createKubernetesApplyAction } from './apply';

// Renders kustomize overlays with kubectl and loads @kubernetes/client-node (ESM) into Jest.
jest.setTimeout(60_000);

/** The dev overlay of the golden path, as the cluster receives it (kind/name, in apply order). */
const DEV_OBJECTS = [
  'NetworkPolicy dev/orders-api',
  'PodDisruptionBudget dev/orders-api',
  'ServiceAccount dev/orders-api',
  expect.stringMatching(/^ConfigMap dev\/orders-api-config-[a-z0-9]+$/),
  'Service dev/orders-api',
  'Deployment dev/orders-api',
  'HorizontalPodAutoscaler dev/orders-api',
  // Kinds without an install rank keep kustomize's order.
  'PrometheusRule dev/orders-api-slo',
  'ServiceMonitor dev/orders-api',
];

describe('kubernetes:apply against the test API server', () => {
  const mockDir = createMockDirectory();
  const rendered = () => mockDir.resolve('rendered');
  const workspace = () => mockDir.resolve('workspace');
  let server: KubeTestServer;

  async function startServer(options: KubeTestServerOptions = {}) {
    await server?.stop();
    server = await KubeTestServer.start({
      token: TOKEN,
      forbiddenNamespaces: ['payments'],
      ...options,
    });
    server.seed([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } },
    ]);
    return server;
  }

  beforeAll(async () => {
    const template = await loadTemplate(TEMPLATE_DIR);
    await renderToDirectory(template, VALUES, rendered());
  });

  beforeEach(async () => {
    fs.rmSync(workspace(), { recursive: true, force: true });
    fs.cpSync(rendered(), workspace(), { recursive: true });
    await startServer();
  });

  afterAll(() => server?.stop());

  const edit = (file: string, from: string | RegExp, to: string) => {
    const p = path.join(workspace(), file);
    const before = fs.readFileSync(p, 'utf8');
    const after = before.replace(from, to);
    expect(after).not.toBe(before);
    fs.writeFileSync(p, after);
  };

  function run(
    input: Record<string, unknown>,
    options: {
      config?: Config;
      checkpoints?: Map<string, unknown>;
      kubectl?: string;
    } = {},
  ) {
    const action = createKubernetesApplyAction({
      config:
        options.config ?? clusterConfig([{ name: 'dev', url: server.url }]),
      logger: mockServices.logger.mock(),
      ...(options.kubectl ? { kubectl: options.kubectl } : {}),
    });
    const ctx = createMockActionContext({
      workspacePath: workspace(),
      input: input as any,
    });
    if (options.checkpoints) {
      const saved = options.checkpoints;
      ctx.checkpoint = (async ({ key, fn }: { key: string; fn: () => any }) => {
        if (!saved.has(key)) saved.set(key, await fn());
        return saved.get(key);
      }) as typeof ctx.checkpoint;
    }
    const info = jest.spyOn(ctx.logger, 'info');
    const logged = () => info.mock.calls.map(([m]) => String(m)).join('\n');
    return { ctx, logged, done: action.handler(ctx) };
  }

  const output = (ctx: { output: unknown }, name: string) =>
    (ctx.output as jest.Mock).mock.calls.find(([n]) => n === name)?.[1];
  const labels = (objects: any[]) =>
    objects.map(
      o => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`,
    );
  const writes = () =>
    server.requests.filter(
      r => r.method === 'PATCH' && r.query.dryRun === undefined,
    );

  it('dry run: checks policies, has the cluster accept every object, stores nothing', async () => {
    const { ctx, done, logged } = run({
      path: 'k8s/overlays/dev',
      dryRun: true,
    });
    await done;
    expect(output(ctx, 'dryRun')).toBe(true);
    expect(output(ctx, 'skipped')).toBe(false);
    expect(output(ctx, 'cluster')).toBe('dev');
    const objects = output(ctx, 'objects');
    expect(labels(objects)).toEqual(DEV_OBJECTS);
    expect(objects.every((o: any) => o.result === 'created')).toBe(true);
    expect(writes()).toEqual([]);
    expect(
      server.requests
        .filter(r => r.method === 'PATCH')
        .every(r => r.query.dryRun === 'All'),
    ).toBe(true);
    expect(
      server.get('apps/v1', 'Deployment', 'orders-api', 'dev'),
    ).toBeUndefined();
    expect(logged()).toMatch(
      /^Policy check of k8s\/overlays\/dev:\n.*9 object\(s\) checked: 0 error\(s\), 0 warning\(s\)$/ms,
    );
    expect(logged()).toContain(
      '  would be created    Deployment dev/orders-api',
    );
    expect(logged()).toContain(
      "Dry run on cluster 'dev': the cluster accepted all 9 object(s); nothing was stored. 9 created, 0 configured, 0 unchanged.",
    );
  });

  it('applies the golden path server-side exactly as rendered; a re-apply changes nothing', async () => {
    const first = run({ path: 'k8s/overlays/dev' });
    await first.done;
    expect(labels(output(first.ctx, 'objects'))).toEqual(DEV_OBJECTS);
    expect(output(first.ctx, 'objects').map((o: any) => o.result)).toEqual(
      Array(9).fill('created'),
    );
    expect(first.logged()).toContain('  created    Deployment dev/orders-api');
    expect(first.logged()).toContain(
      "Applied 9 object(s) to cluster 'dev': 9 created, 0 configured, 0 unchanged.",
    );
    for (const request of server.requests.filter(r => r.method === 'PATCH')) {
      expect(request.contentType).toBe('application/apply-patch+yaml');
      expect(request.query).toMatchObject({
        fieldManager: 'conway',
        force: 'false',
      });
    }

    // What the cluster stores is what kustomize rendered: @kubernetes/client-node dropped nothing.
    const renderedDev = await renderKustomize(
      path.join(workspace(), 'k8s/overlays/dev'),
    );
    if (!('objects' in renderedDev)) throw new Error(renderedDev.skipped);
    expect(renderedDev.objects).toHaveLength(9);
    for (const { object } of renderedDev.objects) {
      const meta = object.metadata as any;
      const stored = server.get(
        String(object.apiVersion),
        String(object.kind),
        meta.name,
        'dev',
      )!;
      const { metadata, ...rest } = stored;
      const { metadata: _m, ...expected } = object;
      expect(rest).toEqual(expected);
      expect(metadata?.labels).toEqual(meta.labels);
      expect(metadata?.labels?.['backstage.io/kubernetes-id']).toBe(
        'orders-api',
      );
    }
    const versions = server.objects().map(o => o.metadata?.resourceVersion);

    const again = run({ path: 'k8s/overlays/dev' });
    await again.done;
    expect(output(again.ctx, 'objects').map((o: any) => o.result)).toEqual(
      Array(9).fill('unchanged'),
    );
    expect(server.objects().map(o => o.metadata?.resourceVersion)).toEqual(
      versions,
    );

    edit('k8s/overlays/dev/kustomization.yaml', /value: 3/, 'value: 5');
    const changed = run({ path: 'k8s/overlays/dev' });
    await changed.done;
    expect(
      output(changed.ctx, 'objects')
        .filter((o: any) => o.result !== 'unchanged')
        .map((o: any) => `${o.kind}: ${o.result}`),
    ).toEqual(['HorizontalPodAutoscaler: configured']);
    expect(
      (
        server.get(
          'autoscaling/v2',
          'HorizontalPodAutoscaler',
          'orders-api',
          'dev',
        ) as any
      ).spec.maxReplicas,
    ).toBe(5);
  });

  it('forces the namespace input on every namespaced object', async () => {
    server.seed([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'orders' } },
    ]);
    const { ctx, done } = run({
      path: 'k8s/overlays/prod',
      namespace: 'orders',
    });
    await done;
    expect(
      output(ctx, 'objects').every((o: any) => o.namespace === 'orders'),
    ).toBe(true);
    expect(
      server.get('apps/v1', 'Deployment', 'orders-api', 'orders'),
    ).toBeDefined();
    expect(
      server.get('apps/v1', 'Deployment', 'orders-api', 'production'),
    ).toBeUndefined();
  });

  it('refuses manifests that fail the policy checks, naming the check ids, before contacting a cluster', async () => {
    edit(
      'k8s/base/deployment.yaml',
      /runAsNonRoot: true/g,
      'runAsNonRoot: false',
    );
    edit(
      'k8s/base/deployment.yaml',
      'readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: false',
    );
    const { ctx, done } = run({ path: 'k8s/overlays/dev' });
    await expect(done).rejects.toThrow(InputError);
    await expect(done).rejects.toThrow(
      /^Refusing to apply 'k8s\/overlays\/dev': the policy check found \d+ error\(s\):\n/,
    );
    await expect(done).rejects.toThrow(
      /ERROR \[run-as-non-root\] Deployment\/orders-api/,
    );
    await expect(done).rejects.toThrow(
      /ERROR \[read-only-root-filesystem\] Deployment\/orders-api/,
    );
    expect(server.requests).toEqual([]);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a kustomization it cannot render (no kubectl) rather than apply it unpatched', async () => {
    await expect(
      run({ path: 'k8s/overlays/dev' }, { kubectl: 'kubectl-not-installed' })
        .done,
    ).rejects.toThrow(
      /^Refusing to apply 'k8s\/overlays\/dev': it could not be rendered as the cluster would receive it \(kubectl not found \('kubectl-not-installed'\)/,
    );
    expect(server.requests).toEqual([]);
  });

  it('checks the labels against the catalog file', async () => {
    edit(
      'catalog-info.yaml',
      'backstage.io/kubernetes-id: "orders-api"',
      'backstage.io/kubernetes-id: "orders"',
    );
    await expect(run({ path: 'k8s/overlays/dev' }).done).rejects.toThrow(
      /ERROR \[kubernetes-id-label\] /,
    );
    expect(server.requests).toEqual([]);
  });

  it('applies nothing, and says so, when no cluster is configured', async () => {
    const { ctx, done } = run(
      { path: 'k8s/overlays/dev' },
      { config: clusterConfig([]) },
    );
    const warn = jest.spyOn(ctx.logger, 'warn');
    await done;
    expect(output(ctx, 'skipped')).toBe(true);
    expect(output(ctx, 'objects')).toEqual([]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('No Kubernetes cluster is configured'),
    );
  });

  it('names the clusters when the input names none or an unknown one', async () => {
    const two = clusterConfig([
      { name: 'dev', url: server.url },
      { name: 'prod', url: server.url },
    ]);
    await expect(
      run({ path: 'k8s/overlays/dev' }, { config: two }).done,
    ).rejects.toThrow(
      "Several Kubernetes clusters are configured ('dev', 'prod'): name one in the 'cluster' input",
    );
    await expect(
      run({ path: 'k8s/overlays/dev', cluster: 'staging' }, { config: two })
        .done,
    ).rejects.toThrow(
      "No Kubernetes cluster named 'staging' in kubernetes.clusterLocatorMethods (configured: 'dev', 'prod')",
    );
    await expect(run({ path: '../elsewhere' }).done).rejects.toThrow(
      "path '../elsewhere' must stay inside the workspace",
    );
  });

  describe('fails with a clear message, and nothing applied, when', () => {
    it('the cluster is unreachable', async () => {
      const url = await closedUrl();
      const { ctx, done } = run(
        { path: 'k8s/overlays/dev' },
        { config: clusterConfig([{ name: 'dev', url }]) },
      );
      await expect(done).rejects.toThrow(
        `Nothing was applied: Cannot reach cluster 'dev' at ${url}: connection refused (ECONNREFUSED). Check the cluster's url in kubernetes.clusterLocatorMethods in app-config`,
      );
      expect(ctx.output).not.toHaveBeenCalled();
    });

    it('the credentials are expired or wrong (401)', async () => {
      await expect(
        run(
          { path: 'k8s/overlays/dev' },
          {
            config: clusterConfig([
              { name: 'dev', url: server.url, serviceAccountToken: 'expired' },
            ]),
          },
        ).done,
      ).rejects.toThrow(
        `Nothing was applied: Cluster 'dev' at ${server.url} rejected the portal's credentials (401 Unauthorized): the service account token is missing, invalid or expired.`,
      );
    });

    it('the namespace is forbidden (403)', async () => {
      server.seed([
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
      ]);
      await expect(
        run({ path: 'k8s/overlays/dev', namespace: 'payments' }).done,
      ).rejects.toThrow(
        /^Nothing was applied: Cluster 'dev' does not allow the portal to read NetworkPolicy payments\/orders-api \(403 Forbidden\): networkpolicies.networking.k8s.io "orders-api" is forbidden: User "system:serviceaccount:conway:backstage" cannot get resource "networkpolicies" in API group "networking.k8s.io" in the namespace "payments". Grant the portal's service account that permission in namespace 'payments'/,
      );
      expect(writes()).toEqual([]);
    });

    it('the namespace does not exist (404)', async () => {
      await expect(
        run({ path: 'k8s/overlays/dev', namespace: 'nowhere' }).done,
      ).rejects.toThrow(
        "Nothing was applied: Namespace 'nowhere' does not exist on cluster 'dev' (404), so NetworkPolicy nowhere/orders-api cannot be applied.",
      );
    });

    it('the API server rejects an object (422)', async () => {
      // A Deployment of that name already runs with another selector, which is immutable.
      server.seed([
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'orders-api', namespace: 'dev' },
          spec: {
            selector: { matchLabels: { app: 'orders' } },
            template: {
              metadata: { labels: { app: 'orders' } },
              spec: { containers: [{ name: 'app', image: 'orders:1' }] },
            },
          },
        },
      ]);
      const done = run({ path: 'k8s/overlays/dev' }).done;
      await expect(done).rejects.toThrow(
        /^Nothing was applied: Cluster 'dev' rejected Deployment dev\/orders-api as invalid \(422\): spec.selector: Invalid value: .*field is immutable/,
      );
      expect(writes()).toEqual([]);
    });

    it('another field manager owns a field (409)', async () => {
      server.seed(
        [
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'orders-api', namespace: 'dev' },
            spec: { type: 'NodePort', ports: [{ port: 8080 }] },
          },
        ],
        { fieldManager: 'kubectl-client-side-apply' },
      );
      await expect(run({ path: 'k8s/overlays/dev' }).done).rejects.toThrow(
        /^Nothing was applied: Cluster 'dev' refused to apply Service dev\/orders-api \(409 Conflict\): Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using v1:\n- .spec.ports\n- .spec.type/,
      );
      expect(writes()).toEqual([]);
    });

    it('the cluster lacks a CRD the manifests use', async () => {
      await startServer({ withoutGroups: ['monitoring.coreos.com'] });
      await expect(run({ path: 'k8s/overlays/dev' }).done).rejects.toThrow(
        "Nothing was applied: Cluster 'dev' does not serve monitoring.coreos.com/v1 PrometheusRule (PrometheusRule dev/orders-api-slo), monitoring.coreos.com/v1 ServiceMonitor (ServiceMonitor dev/orders-api): install the CRD",
      );
      expect(server.requests.filter(r => r.method === 'PATCH')).toEqual([]);
    });
  });

  it('never reports a partial apply as success; a retry continues where it stopped', async () => {
    // Permission to patch Deployments is revoked between the dry run and the apply.
    let deploymentPatches = 0;
    let revoked = true;
    await startServer({
      authorize: a =>
        !(
          revoked &&
          a.verb === 'patch' &&
          a.resource === 'deployments' &&
          ++deploymentPatches > 1
        ),
    });
    const checkpoints = new Map<string, unknown>();
    const first = run({ path: 'k8s/overlays/dev' }, { checkpoints });
    const error = jest.spyOn(first.ctx.logger, 'error');
    await expect(first.done).rejects.toThrow(
      /^The apply to cluster 'dev' is INCOMPLETE: 5 of 9 objects were applied before Deployment dev\/orders-api failed\. .*\nFailed: Deployment dev\/orders-api: Cluster 'dev' does not allow the portal to apply Deployment dev\/orders-api \(403 Forbidden\).*\nApplied: NetworkPolicy dev\/orders-api \(created\), PodDisruptionBudget dev\/orders-api \(created\), ServiceAccount dev\/orders-api \(created\), ConfigMap dev\/orders-api-config-\w+ \(created\), Service dev\/orders-api \(created\)\nNot attempted: HorizontalPodAutoscaler dev\/orders-api, PrometheusRule dev\/orders-api-slo, ServiceMonitor dev\/orders-api$/,
    );
    expect(error).toHaveBeenCalledWith(expect.stringContaining('INCOMPLETE'));
    expect(first.ctx.output).not.toHaveBeenCalled();
    expect(checkpoints.size).toBe(5);

    revoked = false;
    server.requests.length = 0;
    const retry = run({ path: 'k8s/overlays/dev' }, { checkpoints });
    await retry.done;
    expect(writes().map(r => r.path.split('/').slice(-2).join('/'))).toEqual([
      'deployments/orders-api',
      'horizontalpodautoscalers/orders-api',
      'prometheusrules/orders-api-slo',
      'servicemonitors/orders-api',
    ]);
    expect(output(retry.ctx, 'objects').map((o: any) => o.result)).toEqual(
      Array(9).fill('created'),
    );
  });
});
