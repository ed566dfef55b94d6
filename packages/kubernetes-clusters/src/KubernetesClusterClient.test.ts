import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { KubeTestServer, workload } from '@conway/kube-test-server';
import { KubernetesClusterConfig, readKubernetesClusters } from './clusters';
import { KubeObject, KubernetesClusterClient } from './KubernetesClusterClient';

// The first run transpiles @kubernetes/client-node (ESM) for Jest.
jest.setTimeout(60_000);

const TOKEN = 'test-token';

const cluster = (
  server: { url: string },
  extra: Partial<KubernetesClusterConfig> = {},
): KubernetesClusterConfig => ({
  name: 'test',
  url: server.url,
  authProvider: 'serviceAccount',
  serviceAccountToken: TOKEN,
  // The test server speaks plain HTTP, which client-node allows only so.
  skipTLSVerify: true,
  ...extra,
});

const deployment = (name = 'orders', namespace = 'shop') =>
  workload('Deployment', name, namespace, name) as KubeObject;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>(r => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise(r => s.close(r));
  return port;
}

describe('KubernetesClusterClient against the test API server', () => {
  let server: KubeTestServer;

  beforeAll(async () => {
    server = await KubeTestServer.start({
      token: TOKEN,
      forbiddenNamespaces: ['payments'],
    });
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.reset();
    server.seed([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    ]);
  });

  it('discovers kinds, applies server-side, reads and lists page by page', async () => {
    const client = await KubernetesClusterClient.create(cluster(server));
    await expect(client.served('apps/v1', 'Deployment')).resolves.toEqual({
      plural: 'deployments',
      namespaced: true,
    });
    await expect(client.served('v1', 'Namespace')).resolves.toEqual({
      plural: 'namespaces',
      namespaced: false,
    });
    await expect(
      client.served('monitoring.coreos.com/v1', 'ServiceMonitor'),
    ).resolves.toEqual({ plural: 'servicemonitors', namespaced: true });
    await expect(client.served('example.com/v1', 'Widget')).resolves.toBe(
      undefined,
    );

    const created = await client.apply(deployment(), {
      fieldManager: 'conway',
    });
    expect(created.metadata).toMatchObject({
      name: 'orders',
      namespace: 'shop',
      uid: expect.any(String),
      resourceVersion: expect.any(String),
      managedFields: [
        expect.objectContaining({ manager: 'conway', operation: 'Apply' }),
      ],
    });
    const patch = server.requests.find(r => r.method === 'PATCH')!;
    expect(patch).toMatchObject({
      path: '/apis/apps/v1/namespaces/shop/deployments/orders',
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: 'conway', force: 'false' },
    });

    const read = await client.read(deployment());
    expect(read?.metadata.uid).toBe(created.metadata.uid);
    await expect(client.read(deployment('nope'))).resolves.toBeUndefined();

    for (let i = 0; i < 5; i++) {
      await client.apply(deployment(`svc-${i}`), { fieldManager: 'conway' });
    }
    const pages: string[][] = [];
    for await (const page of client.list('apps/v1', 'Deployment', {
      pageSize: 2,
    })) {
      pages.push(page.map(o => o.metadata.name));
      expect(page.every(o => o.kind === 'Deployment')).toBe(true);
    }
    expect(pages).toEqual([
      ['orders', 'svc-0'],
      ['svc-1', 'svc-2'],
      ['svc-3', 'svc-4'],
    ]);
    const selected: string[] = [];
    for await (const page of client.list('apps/v1', 'Deployment', {
      namespace: 'shop',
      labelSelector: 'backstage.io/kubernetes-id=svc-3',
    })) {
      selected.push(...page.map(o => o.metadata.name));
    }
    expect(selected).toEqual(['svc-3']);
  });

  it('explains each failure', async () => {
    const client = await KubernetesClusterClient.create(cluster(server));
    const expired = await KubernetesClusterClient.create(
      cluster(server, { serviceAccountToken: 'expired' }),
    );
    await expect(
      expired.apply(deployment(), { fieldManager: 'conway' }),
    ).rejects.toMatchObject({
      reason: 'unauthorized',
      statusCode: 401,
      message: expect.stringContaining(
        "rejected the portal's credentials (401 Unauthorized): the service account token is missing, invalid or expired",
      ),
    });

    await expect(
      client.apply(deployment('ledger', 'payments'), {
        fieldManager: 'conway',
      }),
    ).rejects.toMatchObject({
      reason: 'forbidden',
      statusCode: 403,
      message: expect.stringContaining(
        `Cluster 'test' does not allow the portal to apply Deployment payments/ledger (403 Forbidden): deployments.apps "ledger" is forbidden: User "system:serviceaccount:conway:backstage" cannot patch resource "deployments" in API group "apps" in the namespace "payments"`,
      ),
    });

    await expect(
      client.apply(deployment('orders', 'nowhere'), { fieldManager: 'conway' }),
    ).rejects.toMatchObject({
      reason: 'namespace-not-found',
      message: expect.stringContaining(
        "Namespace 'nowhere' does not exist on cluster 'test' (404)",
      ),
    });

    const noImage = deployment();
    (noImage as any).spec.template.spec.containers[0].image = '';
    await expect(
      client.apply(noImage, { fieldManager: 'conway' }),
    ).rejects.toMatchObject({
      reason: 'invalid',
      statusCode: 422,
      causes: [
        expect.objectContaining({
          field: 'spec.template.spec.containers[0].image',
        }),
      ],
      message:
        "Cluster 'test' rejected Deployment shop/orders as invalid (422): spec.template.spec.containers[0].image: Required value",
    });

    await client.apply(deployment(), { fieldManager: 'argocd' });
    const scaled = deployment();
    (scaled as any).spec.replicas = 5;
    await expect(
      client.apply(scaled, { fieldManager: 'conway' }),
    ).rejects.toMatchObject({
      reason: 'conflict',
      statusCode: 409,
      causes: [expect.objectContaining({ field: '.spec.replicas' })],
      message: expect.stringContaining(
        'Apply failed with 1 conflict: conflict with "argocd" using apps/v1: .spec.replicas',
      ),
    });
    await expect(
      client.apply(scaled, { fieldManager: 'conway', force: true }),
    ).resolves.toMatchObject({ spec: { replicas: 5 } });
  });

  it('explains an unreachable cluster and a timeout', async () => {
    const port = await closedPort();
    const down = await KubernetesClusterClient.create(
      cluster({ url: `http://127.0.0.1:${port}` }),
    );
    await expect(
      down.apply(deployment(), { fieldManager: 'conway' }),
    ).rejects.toMatchObject({
      reason: 'unreachable',
      message: `Cannot reach cluster 'test' at http://127.0.0.1:${port}: connection refused (ECONNREFUSED). Check the cluster's url in kubernetes.clusterLocatorMethods in app-config and that its API server is running and reachable from the backend.`,
    });

    const slow = await KubeTestServer.start({ responseDelayMs: 500 });
    try {
      const client = await KubernetesClusterClient.create(
        cluster(slow, {
          serviceAccountToken: undefined,
          authProvider: 'localKubectlProxy',
        }),
        { requestTimeoutMs: 100 },
      );
      await expect(
        client.served('apps/v1', 'Deployment'),
      ).rejects.toMatchObject({
        reason: 'timeout',
        message: expect.stringContaining('within 0.1 s'),
      });
    } finally {
      await slow.stop();
    }
  });

  it('refuses a plain http url without skipTLSVerify, and auth providers it cannot use', async () => {
    await expect(
      KubernetesClusterClient.create(cluster(server, { skipTLSVerify: false })),
    ).rejects.toMatchObject({
      reason: 'config',
      message: expect.stringContaining(
        `Cluster 'test' has a plain http:// url (${server.url}); the portal sends its token over it only with skipTLSVerify: true.`,
      ),
    });
    await expect(
      KubernetesClusterClient.create(cluster(server, { authProvider: 'aws' })),
    ).rejects.toMatchObject({
      reason: 'unsupported-auth',
      message: expect.stringContaining("uses authProvider 'aws'"),
    });
  });
});

describe('readKubernetesClusters', () => {
  it('reads config and localKubectlProxy locators as Backstage does', () => {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'dev',
                url: 'https://dev.example.com',
                authProvider: 'serviceAccount',
                serviceAccountToken: 's3cret',
                caData: 'Q0E=',
              },
              {
                name: 'prod',
                title: 'Production',
                url: 'https://prod.example.com',
                authMetadata: { 'kubernetes.io/auth-provider': 'aws' },
                skipTLSVerify: true,
              },
            ],
          },
          { type: 'localKubectlProxy' },
          { type: 'gke', projectId: 'x' },
        ],
      },
    });
    expect(readKubernetesClusters(config)).toEqual([
      {
        name: 'dev',
        url: 'https://dev.example.com',
        authProvider: 'serviceAccount',
        serviceAccountToken: 's3cret',
        caData: 'Q0E=',
        skipTLSVerify: false,
      },
      {
        name: 'prod',
        title: 'Production',
        url: 'https://prod.example.com',
        authProvider: 'aws',
        skipTLSVerify: true,
      },
      {
        name: 'local',
        url: 'http://127.0.0.1:8001',
        authProvider: 'localKubectlProxy',
        skipTLSVerify: false,
      },
    ]);
    expect(readKubernetesClusters(new ConfigReader({}))).toEqual([]);
    expect(() =>
      readKubernetesClusters(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [
              { type: 'localKubectlProxy' },
              { type: 'localKubectlProxy' },
            ],
          },
        }),
      ),
    ).toThrow("Duplicate Kubernetes cluster name 'local'");
  });
});
