import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { ownershipPlugin } from './plugin';
import {
  loadExampleOrg,
  withChangedSpec,
} from '@conway/plugin-ownership-node/testUtils';
import { ANALYSIS_FIELDS } from '@conway/plugin-ownership-node';

const PAGE_SIZE = 25;

/** A catalog over the example org whose content the test can replace. */
function createCatalog(initial: Entity[]) {
  let client = catalogServiceMock({ entities: initial });
  const catalog = catalogServiceMock.mock({
    queryEntities: jest.fn((req, opts) => client.queryEntities(req, opts)),
  });
  return {
    catalog,
    setEntities(entities: Entity[]) {
      client = catalogServiceMock({ entities });
    },
    /** queryEntities calls that read analysis fields (full loads, page by page). */
    fullLoadCalls: () =>
      catalog.queryEntities.mock.calls.filter(([req]) =>
        req?.fields?.includes('spec.owner'),
      ).length,
  };
}

async function start(options: {
  entities?: Entity[];
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** Off unless a test is about it, so that catalog reads are the requests' own. */
  buildOnStartup?: boolean;
}) {
  const fake = createCatalog(options.entities ?? loadExampleOrg());
  const scheduler = mockServices.scheduler.mock();
  const { server } = await startTestBackend({
    features: [
      ownershipPlugin,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => fake.catalog,
      }),
      scheduler.factory,
      mockServices.rootConfig.factory({
        data: {
          ownership: {
            pageSize: PAGE_SIZE,
            refreshIntervalSeconds: 7,
            buildOnStartup: options.buildOnStartup ?? false,
          },
        },
      }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
    ],
  });
  const task = scheduler.scheduleTask.mock.calls[0][0];
  return {
    server,
    ...fake,
    task,
    runScheduledRefresh: () => task.fn(new AbortController().signal),
  };
}

const ids = (findings: Array<{ id: string }>) => findings.map(f => f.id);

describe('ownership backend plugin', () => {
  it('reports the deliberate mistakes of the example organisation', async () => {
    const { server } = await start({});
    const res = await request(server).get('/api/ownership/report');
    expect(res.status).toBe(200);
    expect(res.body.generatedAt).toEqual(expect.any(String));
    expect(res.body.summary.entityCount).toBeGreaterThan(100);
    expect(ids(res.body.findings)).toEqual(
      expect.arrayContaining([
        'user-owner:component:default/legacy-invoicing',
        'split-system:system:default/shipment-tracking',
        'unknown-owner:component:default/label-printer',
        'empty-team:group:default/team-mobile',
      ]),
    );
    const checkout = res.body.findings.find(
      (f: any) =>
        f.type === 'cross-team-dependency' &&
        f.entityRef === 'component:default/checkout-service',
    );
    expect(checkout.relatedRefs).toContain(
      'component:default/inventory-service',
    );
    expect(checkout.suggestion).toContain('api:default/inventory-api');
  });

  it('answers 403 without the read permission, but keeps /health open', async () => {
    const { server, catalog } = await start({
      permission: AuthorizeResult.DENY,
    });
    for (const path of [
      '/report',
      '/summary',
      '/findings',
      '/export.csv',
      '/owners.csv',
    ]) {
      const res = await request(server).get(`/api/ownership${path}`);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: "Missing permission 'ownership.report.read'",
      });
    }
    const whatIf = await request(server)
      .post('/api/ownership/what-if')
      .send({ changes: [] });
    expect(whatIf.status).toBe(403);
    expect(catalog.queryEntities).not.toHaveBeenCalled();

    const health = await request(server)
      .get('/api/ownership/health')
      .set('Authorization', mockCredentials.none.header());
    expect(health.status).toBe(200);
    expect(health.body).toEqual({
      status: 'ok',
      report: { available: false, building: false },
    });
  });

  it('builds the report in the background once the backend has started', async () => {
    const { server, fullLoadCalls } = await start({ buildOnStartup: true });
    const health = async () =>
      (
        await request(server)
          .get('/api/ownership/health')
          .set('Authorization', mockCredentials.none.header())
      ).body.report;
    // No request has asked for the report; the startup build reads the catalog anyway.
    for (let i = 0; i < 100 && !(await health()).available; i++) {
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    expect(await health()).toMatchObject({ available: true, building: false });
    const loadsAfterStartup = fullLoadCalls();
    expect(loadsAfterStartup).toBeGreaterThan(0);

    await request(server).get('/api/ownership/summary').expect(200);
    expect(fullLoadCalls()).toBe(loadsAfterStartup);
  });

  it('builds nothing before the first request with buildOnStartup: false', async () => {
    const { server, catalog } = await start({ buildOnStartup: false });
    await new Promise(resolve => setTimeout(resolve, 100));
    const health = await request(server)
      .get('/api/ownership/health')
      .set('Authorization', mockCredentials.none.header());
    expect(health.body.report).toEqual({ available: false, building: false });
    expect(catalog.queryEntities).not.toHaveBeenCalled();
  });

  it('rejects unauthenticated requests', async () => {
    const { server } = await start({});
    const res = await request(server)
      .get('/api/ownership/report')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('reads the catalog in pages, with only the fields the analysis needs', async () => {
    const entities = loadExampleOrg();
    const { server, catalog } = await start({ entities });
    await request(server).get('/api/ownership/summary').expect(200);

    const calls = catalog.queryEntities.mock.calls;
    expect(calls.length).toBe(Math.ceil(entities.length / PAGE_SIZE));
    for (const [req, opts] of calls) {
      expect(req).toMatchObject({ limit: PAGE_SIZE, fields: ANALYSIS_FIELDS });
      expect(req!.fields).not.toContain('metadata.annotations');
      expect((opts as { credentials?: unknown })?.credentials).toEqual(
        expect.objectContaining({
          principal: expect.objectContaining({ type: 'service' }),
        }),
      );
    }
    expect(calls[0][0]).toMatchObject({
      filter: { kind: expect.arrayContaining(['Component', 'Group']) },
    });
    expect(calls.slice(1).every(([req]) => 'cursor' in req!)).toBe(true);
  });

  it('caches the report and shares one build between concurrent requests', async () => {
    const { server, fullLoadCalls } = await start({});
    const responses = await Promise.all(
      ['/report', '/summary', '/findings', '/report', '/export.csv'].map(p =>
        request(server).get(`/api/ownership${p}`),
      ),
    );
    expect(responses.map(r => r.status)).toEqual([200, 200, 200, 200, 200]);
    const pagesPerLoad = fullLoadCalls();
    expect(pagesPerLoad).toBe(Math.ceil(loadExampleOrg().length / PAGE_SIZE));

    const again = await request(server).get('/api/ownership/report');
    expect(again.body.generatedAt).toBe(responses[0].body.generatedAt);
    expect(fullLoadCalls()).toBe(pagesPerLoad);
  });

  it('rebuilds on the schedule only when the catalog changed', async () => {
    const entities = loadExampleOrg();
    const { server, task, runScheduledRefresh, setEntities, fullLoadCalls } =
      await start({ entities });
    expect(task).toMatchObject({
      id: 'ownership-report-refresh',
      scope: 'local',
      frequency: { seconds: 7 },
    });

    await request(server).get('/api/ownership/report').expect(200);
    const afterFirstLoad = fullLoadCalls();

    await runScheduledRefresh();
    expect(fullLoadCalls()).toBe(afterFirstLoad);

    setEntities(
      withChangedSpec(entities, 'component:default/label-printer', {
        owner: 'group:default/team-warehouse',
      }),
    );
    await runScheduledRefresh();
    expect(fullLoadCalls()).toBe(2 * afterFirstLoad);

    const res = await request(server).get('/api/ownership/report');
    expect(ids(res.body.findings)).not.toContain(
      'unknown-owner:component:default/label-printer',
    );
  });

  it('rebuilds on POST /refresh', async () => {
    const entities = loadExampleOrg();
    const { server, setEntities } = await start({ entities });
    await request(server).get('/api/ownership/report').expect(200);
    setEntities(
      withChangedSpec(entities, 'group:default/team-mobile', {}).filter(
        e => e.metadata.name !== 'mobile-app',
      ),
    );
    const refreshed = await request(server).post('/api/ownership/refresh');
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toEqual({
      generatedAt: expect.any(String),
      entityCount: entities.length - 1,
    });
    const team = await request(server).get(
      '/api/ownership/teams/default/team-mobile',
    );
    expect(team.body.team.ownedCount).toBe(0);
  });

  it('serves one team with its findings', async () => {
    const { server } = await start({});
    const res = await request(server).get(
      '/api/ownership/teams/default/team-mobile',
    );
    expect(res.status).toBe(200);
    expect(res.body.team).toMatchObject({
      ref: 'group:default/team-mobile',
      memberCount: 0,
      owned: { component: ['component:default/mobile-app'] },
    });
    expect(res.body.ancestorRefs).toEqual([
      'group:default/commerce',
      'group:default/northwind',
    ]);
    expect(ids(res.body.findings)).toContain(
      'empty-team:group:default/team-mobile',
    );

    const missing = await request(server).get(
      '/api/ownership/teams/default/team-printing',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      "No group found with ref 'group:default/team-printing'",
    );
  });

  it("serves a department with its teams' findings and owned entities, each finding with its team", async () => {
    const { server } = await start({});
    const res = await request(server).get(
      '/api/ownership/teams/default/commerce',
    );
    expect(res.status).toBe(200);
    expect(res.body.team.childRefs.length).toBeGreaterThan(0);
    const descendants: Array<{ ref: string; owned: { component: string[] } }> =
      res.body.descendants;
    expect(descendants.map(t => t.ref)).toEqual(res.body.team.childRefs);
    expect(
      descendants.find(t => t.ref === 'group:default/team-mobile')!.owned
        .component,
    ).toEqual(['component:default/mobile-app']);
    const mobile = res.body.aggregatedFindings.find(
      (f: { id: string }) => f.id === 'empty-team:group:default/team-mobile',
    );
    expect(mobile.teamRef).toBe('group:default/team-mobile');
    // The department's own findings are among the aggregate, which is longer.
    expect(ids(res.body.aggregatedFindings)).toEqual(
      expect.arrayContaining(ids(res.body.findings)),
    );
    expect(res.body.aggregatedFindings.length).toBeGreaterThan(
      res.body.findings.length,
    );
    // Every finding in the aggregate names the department, a group under it
    // or an entity one of them owns.
    const subtree = new Set(
      [res.body.team, ...res.body.descendants].flatMap(
        (t: { ref: string; owned: Record<string, string[]> }) => [
          t.ref,
          ...Object.values(t.owned).flat(),
        ],
      ),
    );
    for (const f of res.body.aggregatedFindings) {
      const refs = [f.teamRef, f.entityRef, ...(f.relatedRefs ?? [])];
      expect(refs.some(r => subtree.has(r))).toBe(true);
    }
  });

  it("lists another team's finding about a team's entities on that team's page", async () => {
    const { server } = await start({});
    // SRE's parts sit in Developer Experience's system: the split is
    // Developer Experience's to act on, and SRE's entities are named in it.
    const res = await request(server).get(
      '/api/ownership/teams/default/team-sre',
    );
    expect(res.status).toBe(200);
    const split = res.body.findings.find(
      (f: { id: string }) =>
        f.id === 'split-system:system:default/developer-platform',
    );
    expect(split).toMatchObject({
      teamRef: 'group:default/team-developer-experience',
    });
    expect(split.relatedRefs).toEqual(
      expect.arrayContaining(res.body.team.owned.component),
    );
  });

  it('serves a group without sub-groups with only its own findings', async () => {
    const { server } = await start({});
    const res = await request(server).get(
      '/api/ownership/teams/default/team-mobile',
    );
    expect(res.body.descendants).toEqual([]);
    expect(res.body.aggregatedFindings).toEqual(res.body.findings);
  });

  it("counts a user in no team in no group, and gives their entity's finding to no team", async () => {
    const drifter = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'drifter', uid: 'uid:drifter', etag: 'e' },
      spec: { memberOf: [] },
    };
    const script = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'drifter-script', uid: 'uid:script', etag: 'e' },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'user:drifter',
      },
    };
    const entities = loadExampleOrg();
    const { server } = await start({
      entities: [...entities, drifter, script] as Entity[],
    });
    const before = await start({ entities });
    const root = await request(server).get(
      '/api/ownership/teams/default/northwind',
    );
    const rootBefore = await request(before.server).get(
      '/api/ownership/teams/default/northwind',
    );
    expect(root.body.team.aggregatedMemberCount).toBe(
      rootBefore.body.team.aggregatedMemberCount,
    );
    const finding = (
      await request(server).get('/api/ownership/findings?type=user-owner')
    ).body.items.find(
      (f: { entityRef: string }) =>
        f.entityRef === 'component:default/drifter-script',
    );
    expect(finding.teamRef).toBeUndefined();
    expect(finding.suggestion).toBe(
      'Transfer component:default/drifter-script to the group (team) responsible for it instead of user:default/drifter',
    );
    expect(ids(root.body.aggregatedFindings)).not.toContain(finding.id);
  });

  it('serves how one entity aligns', async () => {
    const { server } = await start({});
    const printer = await request(server).get(
      '/api/ownership/entities/component/default/label-printer',
    );
    expect(printer.status).toBe(200);
    expect(printer.body).toMatchObject({
      entityRef: 'component:default/label-printer',
      owner: { ref: 'group:default/team-printing', status: 'unknown-owner' },
      system: { ref: 'system:default/fulfilment' },
    });
    expect(printer.body.findings[0].suggestion).toContain('team-warehouse');

    const checkout = await request(server).get(
      '/api/ownership/entities/Component/default/checkout-service',
    );
    expect(checkout.body.owner).toEqual({
      ref: 'group:default/team-checkout',
      status: 'valid',
    });
    expect(checkout.body.couplingEdges).toContainEqual({
      kind: 'coupling',
      fromRef: 'component:default/checkout-service',
      toRef: 'component:default/inventory-service',
      fromTeamRef: 'group:default/team-checkout',
      toTeamRef: 'group:default/team-warehouse',
    });

    const tracking = await request(server).get(
      '/api/ownership/entities/system/default/shipment-tracking',
    );
    expect(tracking.body.system).toMatchObject({ split: true });
    expect(ids(tracking.body.findings)).toContain(
      'split-system:system:default/shipment-tracking',
    );

    const missing = await request(server).get(
      '/api/ownership/entities/component/default/nope',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      "No entity found with ref 'component:default/nope'",
    );
  });

  it('filters findings and validates the filters', async () => {
    const { server } = await start({});
    const errors = await request(server).get(
      '/api/ownership/findings?severity=error',
    );
    expect(ids(errors.body.items)).toEqual([
      'unknown-owner:component:default/label-printer',
    ]);

    const team = await request(server).get(
      '/api/ownership/findings?team=team-analytics&type=cross-team-dependency,split-system',
    );
    expect(team.body.items.length).toBeGreaterThan(0);
    for (const f of team.body.items) {
      expect(f.teamRef).toBe('group:default/team-analytics');
      expect(['cross-team-dependency', 'split-system']).toContain(f.type);
    }

    const bad = await request(server).get(
      '/api/ownership/findings?severity=fatal',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
    expect(bad.body.error.message).toContain("'fatal'");
  });

  it('exports CSV and JSON as downloads', async () => {
    const { server } = await start({});
    const csv = await request(server).get('/api/ownership/export.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="ownership-findings.csv"',
    );
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,type,severity,entityRef,teamRef,relatedRefs,message,suggestion',
    );
    expect(csv.text).toContain('unknown-owner:component:default/label-printer');

    const filtered = await request(server).get(
      '/api/ownership/export.csv?severity=error',
    );
    expect(filtered.text.trim().split('\r\n')).toHaveLength(2);

    const json = await request(server).get('/api/ownership/export.json');
    expect(json.headers['content-disposition']).toBe(
      'attachment; filename="ownership-report.json"',
    );
    expect(JSON.parse(json.text).summary.score).toEqual(expect.any(Number));
  });

  it('exports who owns what as CSV', async () => {
    const { server } = await start({});
    const csv = await request(server).get('/api/ownership/owners.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="ownership-who-owns-what.csv"',
    );
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'entity,entityRef,kind,owner,ownerRef,teamPath,system,systemRef,domain,domainRef,lifecycle',
    );
    expect(lines).toContain(
      'checkout-service,component:default/checkout-service,Component,Checkout,group:default/team-checkout,Northwind Freight / Commerce / Checkout,Checkout,system:default/checkout,Commerce,domain:default/commerce,production',
    );
  });

  describe('POST /what-if', () => {
    it('shows the effect of changes without touching the catalog', async () => {
      const { server, catalog } = await start({});
      const res = await request(server)
        .post('/api/ownership/what-if')
        .send({
          changes: [
            {
              type: 'transfer',
              entityRef: 'component:default/label-printer',
              toOwnerRef: 'group:default/team-warehouse',
            },
            {
              type: 'merge',
              fromGroupRef: 'team-mobile',
              intoGroupRef: 'team-product-catalog',
            },
          ],
        });
      expect(res.status).toBe(200);
      expect(res.body.after.score).toBeGreaterThan(res.body.before.score);
      expect(res.body.delta.score).toBeGreaterThan(0);
      expect(ids(res.body.resolvedFindings)).toEqual(
        expect.arrayContaining([
          'unknown-owner:component:default/label-printer',
          'empty-team:group:default/team-mobile',
        ]),
      );
      expect(res.body.newFindings).toEqual(expect.any(Array));
      for (const method of [
        'addLocation',
        'removeEntityByUid',
        'refreshEntity',
        'removeLocationById',
      ] as const) {
        expect(catalog[method]).not.toHaveBeenCalled();
      }

      const report = await request(server).get('/api/ownership/report');
      expect(ids(report.body.findings)).toContain(
        'unknown-owner:component:default/label-printer',
      );
    });

    it('answers 400 naming an unknown ref', async () => {
      const { server } = await start({});
      const res = await request(server)
        .post('/api/ownership/what-if')
        .send({
          changes: [
            {
              type: 'reparent',
              groupRef: 'group:default/team-mobile',
              newParentRef: 'group:default/team-nope',
            },
          ],
        });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain("'group:default/team-nope'");
    });

    it('accepts system moves and dependency changes', async () => {
      const { server } = await start({});
      const res = await request(server)
        .post('/api/ownership/what-if')
        .send({
          changes: [
            {
              type: 'moveToSystem',
              entityRef: 'component:default/eta-predictor',
              toSystemRef: 'system:default/analytics',
            },
            {
              type: 'addDependency',
              fromRef: 'component:default/label-printer',
              toRef: 'api:default/tracking-api',
            },
            {
              type: 'removeDependency',
              fromRef: 'component:default/checkout-service',
              toRef: 'component:default/inventory-service',
            },
          ],
        });
      expect(res.status).toBe(200);
      expect(res.body.delta.dependencyFlow).toEqual({
        resolvedFindingIds: expect.any(Array),
        newFindingIds: expect.any(Array),
      });
    });

    it('answers 400 when the dependency to remove does not exist', async () => {
      const { server } = await start({});
      const res = await request(server)
        .post('/api/ownership/what-if')
        .send({
          changes: [
            {
              type: 'removeDependency',
              fromRef: 'component:default/label-printer',
              toRef: 'component:default/checkout-service',
            },
          ],
        });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        "'component:default/label-printer' does not depend on 'component:default/checkout-service' (remove dependency)",
      );

      const missing = await request(server)
        .post('/api/ownership/what-if')
        .send({
          changes: [{ type: 'moveToSystem', entityRef: 'eta-predictor' }],
        });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain('changes.0.toSystemRef');
    });

    it('answers 400 for a malformed body', async () => {
      const { server } = await start({});
      const missing = await request(server)
        .post('/api/ownership/what-if')
        .send({ changes: [{ type: 'transfer', entityRef: 'x' }] });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain('changes.0.toOwnerRef');

      const unknownType = await request(server)
        .post('/api/ownership/what-if')
        .send({ changes: [{ type: 'delete', entityRef: 'x' }] });
      expect(unknownType.status).toBe(400);
      expect(unknownType.body.error.message).toContain('changes.0.type');

      const empty = await request(server)
        .post('/api/ownership/what-if')
        .send({ changes: [] });
      expect(empty.status).toBe(400);
    });
  });
});
