import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { KubeTestServer } from '@conway/kube-test-server';
import request from 'supertest';
import { ENTITIES, WORKLOAD_OBJECTS } from './__testUtils__/scenario';
import { kubernetesConsistencyPlugin } from './plugin';
import { CATALOG_FIELDS } from './services/ConsistencyService';

// Loads @kubernetes/client-node (ESM) into Jest on first use.
jest.setTimeout(60_000);

const TOKEN = 'consistency-token';

async function closedUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>(r => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise(r => s.close(r));
  return `http://127.0.0.1:${port}`;
}

describe('kubernetes-consistency backend plugin', () => {
  let server: KubeTestServer;
  let down: string;

  beforeAll(async () => {
    server = await KubeTestServer.start({ token: TOKEN });
    down = await closedUrl();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.reset();
    server.seed(WORKLOAD_OBJECTS);
  });

  async function start(
    options: {
      permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      clusters?: object[];
    } = {},
  ) {
    const inMemory = catalogServiceMock({ entities: ENTITIES });
    const catalog = catalogServiceMock.mock({
      queryEntities: jest.fn((req, opts) => inMemory.queryEntities(req, opts)),
    });
    const { server: http_ } = await startTestBackend({
      features: [
        kubernetesConsistencyPlugin,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: options.clusters ?? [
                    {
                      name: 'dev',
                      url: server.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: TOKEN,
                      skipTLSVerify: true,
                    },
                    {
                      name: 'prod',
                      title: 'Production',
                      url: down,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: TOKEN,
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
            kubernetesConsistency: { pageSize: 3 },
          },
        }),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
      ],
    });
    return { http: http_, catalog };
  }

  it('reports the findings, with an error entry for the cluster it cannot reach', async () => {
    const { http: app, catalog } = await start();
    const res = await request(app).get('/api/kubernetes-consistency/report');
    expect(res.status).toBe(200);
    expect(res.body.clusters).toEqual([
      {
        name: 'dev',
        status: 'ok',
        workloads: 9,
        durationMs: expect.any(Number),
      },
      {
        name: 'prod',
        title: 'Production',
        status: 'error',
        workloads: 0,
        durationMs: expect.any(Number),
        error: {
          reason: 'unreachable',
          message: expect.stringMatching(
            /^Cannot reach cluster 'prod' at http:\/\/127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\)\./,
          ),
        },
      },
    ]);
    expect(res.body.state).toBe('drift');
    expect(res.body.summary).toMatchObject({
      workloads: 9, // coredns in kube-system is not compared
      mappedWorkloads: 5,
      catalogEntities: ENTITIES.length - 1, // not the System
    });
    expect(res.body.findings.map((f: any) => f.type)).toEqual([
      ...Array(4).fill('label-annotation-mismatch'),
      ...Array(3).fill('workload-entity-without-team-owner'),
      ...Array(2).fill('workload-without-entity'),
      'entity-without-workload',
    ]);
    expect(
      res.body.findings.find((f: any) => f.type === 'entity-without-workload')
        .message,
    ).toContain("It may run in 'prod', which could not be read.");

    // Paged reads: workloads with limit/continue, the catalog with cursors and only the fields needed.
    const lists = server.requests.filter(
      r => r.method === 'GET' && r.query.limit,
    );
    expect(lists.every(r => r.query.limit === '3')).toBe(true);
    expect(lists.filter(r => r.query.continue).length).toBeGreaterThan(0);
    const queries = catalog.queryEntities.mock.calls.map(([req]) => req as any);
    expect(queries.length).toBeGreaterThan(1);
    expect(queries[0]).toMatchObject({
      filter: { kind: ['Component', 'Resource', 'Group', 'User'] },
      limit: 3,
      fields: CATALOG_FIELDS,
    });
  });

  it('caches the report until refresh=true', async () => {
    const { http: app } = await start();
    await request(app).get('/api/kubernetes-consistency/report');
    const after = server.requests.length;
    const cached = await request(app).get('/api/kubernetes-consistency/report');
    expect(server.requests.length).toBe(after);
    const refreshed = await request(app).get(
      '/api/kubernetes-consistency/report?refresh=true',
    );
    expect(server.requests.length).toBeGreaterThan(after);
    expect(refreshed.body.generatedAt >= cached.body.generatedAt).toBe(true);
    expect(
      (await request(app).get('/api/kubernetes-consistency/report?refresh=yes'))
        .status,
    ).toBe(400);
  });

  it("serves one entity's workloads and findings for the Component page", async () => {
    const { http: app } = await start();
    const orders = await request(app).get(
      '/api/kubernetes-consistency/entities/component/default/orders-api',
    );
    expect(orders.status).toBe(200);
    expect(orders.body).toMatchObject({
      state: 'consistent',
      entityRef: 'component:default/orders-api',
      kubernetes: { labelSelector: 'app.kubernetes.io/name=orders-api' },
      workloads: [
        {
          cluster: 'dev',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'orders-api',
        },
      ],
      findings: [],
    });
    expect(orders.body.clusters).toHaveLength(2);

    const billing = await request(app).get(
      '/api/kubernetes-consistency/entities/Component/default/billing',
    );
    expect(billing.body.state).toBe('drift');
    expect(billing.body.findings.map((f: any) => f.type)).toEqual([
      'workload-entity-without-team-owner',
    ]);
    const ada = await request(app).get(
      '/api/kubernetes-consistency/entities/user/default/ada',
    );
    expect(ada.body.kubernetes).toBeNull();
    // Named by a finding (it owns billing): not "not annotated".
    expect(ada.body.state).toBe('drift');
    expect(ada.body.findings.map((f: any) => f.entityRef)).toEqual([
      'component:default/billing',
    ]);

    const missing = await request(app).get(
      '/api/kubernetes-consistency/entities/component/default/nope',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      "No entity found with ref 'component:default/nope'",
    );
  });

  it('reports every cluster as unreadable, without findings, when none can be read', async () => {
    const { http: app } = await start({
      clusters: [
        {
          name: 'dev',
          url: server.url,
          authProvider: 'serviceAccount',
          serviceAccountToken: 'expired',
          skipTLSVerify: true,
        },
      ],
    });
    const res = await request(app).get('/api/kubernetes-consistency/report');
    expect(res.status).toBe(200);
    expect(res.body.clusters[0].error).toEqual({
      reason: 'unauthorized',
      message: expect.stringContaining(
        "rejected the portal's credentials (401 Unauthorized)",
      ),
    });
    expect(res.body.findings).toEqual([]);
    expect(res.body.state).toBe('clusters-unreadable');

    const orders = await request(app).get(
      '/api/kubernetes-consistency/entities/component/default/orders-api',
    );
    expect(orders.body).toMatchObject({
      state: 'clusters-unreadable',
      kubernetes: { labelSelector: 'app.kubernetes.io/name=orders-api' },
      workloads: [],
      findings: [],
    });
  });

  it('tells "no cluster configured" from "no annotations" when no cluster is configured', async () => {
    const { http: app } = await start({ clusters: [] });
    const report = await request(app).get('/api/kubernetes-consistency/report');
    expect(report.body).toMatchObject({
      state: 'no-clusters',
      clusters: [],
      findings: [],
    });
    expect(server.requests).toEqual([]);

    const orders = await request(app).get(
      '/api/kubernetes-consistency/entities/component/default/orders-api',
    );
    expect(orders.status).toBe(200);
    expect(orders.body).toMatchObject({
      state: 'no-clusters',
      kubernetes: { labelSelector: 'app.kubernetes.io/name=orders-api' },
      workloads: [],
      findings: [],
      clusters: [],
    });
    const ada = await request(app).get(
      '/api/kubernetes-consistency/entities/user/default/ada',
    );
    expect(ada.body).toMatchObject({ state: 'not-annotated', kubernetes: null });
  });

  it('answers 403 without the read permission, but keeps /health open', async () => {
    const { http: app, catalog } = await start({
      permission: AuthorizeResult.DENY,
    });
    for (const path of ['/report', '/entities/component/default/orders-api']) {
      const res = await request(app).get(`/api/kubernetes-consistency${path}`);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: "Missing permission 'kubernetes-consistency.report.read'",
      });
    }
    expect(catalog.queryEntities).not.toHaveBeenCalled();
    expect(server.requests).toEqual([]);
    const health = await request(app)
      .get('/api/kubernetes-consistency/health')
      .set('Authorization', mockCredentials.none.header());
    expect(health.status).toBe(200);
  });
});
