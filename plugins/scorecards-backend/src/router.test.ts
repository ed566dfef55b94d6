import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import path from 'node:path';
import { createRouter } from './router';
import { GuideReader } from './services/GuideReader';
import { scorecardsRefreshPermission } from './permissions';
import { ScorecardService } from './services/ScorecardService';
import { createFixture } from './__testUtils__/fixtures';

// A loaded 2-core CI machine: migrations and the example org take seconds.
jest.setTimeout(60_000);

async function app(options: { denyRefresh?: boolean; denyAll?: boolean } = {}) {
  const f = await createFixture();
  await f.evaluator.evaluateFleet();
  const triggerFleetRun = jest.fn(async () => {});
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result:
          options.denyAll ||
          (options.denyRefresh &&
            r.permission.name === scorecardsRefreshPermission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
  });
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions,
    scorecards: ScorecardService.create({ store: f.store }),
    evaluator: f.evaluator,
    // eslint-disable-next-line no-restricted-syntax
    guides: new GuideReader(path.resolve(__dirname, '../../..')),
    triggerFleetRun,
  });
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  const server = express().use(router).use(middleware.error());
  return { server, triggerFleetRun, f };
}

describe('scorecards router', () => {
  it('serves the overview, filtered services and one entity with how to fix', async () => {
    const { server } = await app();
    const overview = await request(server).get('/overview');
    expect(overview.status).toBe(200);
    expect(overview.body.scorecards[0].title).toBe('Production readiness');
    expect(overview.body.teams.length).toBeGreaterThan(3);

    const services = await request(server).get(
      '/services?team=team-checkout&level=bronze,none',
    );
    expect(services.status).toBe(200);
    expect(services.body.items.length).toBeGreaterThan(0);
    expect(
      services.body.items.every((s: any) => s.team.title === 'Checkout'),
    ).toBe(true);

    const entity = await request(server).get(
      '/entity/component/default/checkout-service',
    );
    expect(entity.status).toBe(200);
    expect(entity.body.scorecards[0].checks[0].howToFix).toMatch(/^https:/);

    const missing = await request(server).get('/entity/component/default/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("'component:default/nope'");
  });

  it('pages the services: total on every page, pages that join up, bad bounds refused', async () => {
    const { server } = await app();
    const all = await request(server).get('/services');
    expect(all.body).toMatchObject({ offset: 0, limit: 1000 });
    const total = all.body.total;
    expect(all.body.items).toHaveLength(total);
    expect(total).toBeGreaterThan(3);

    const first = await request(server).get('/services?limit=2');
    const rest = await request(server).get('/services?limit=1000&offset=2');
    expect(first.body).toMatchObject({ total, offset: 0, limit: 2 });
    expect(rest.body).toMatchObject({ total, offset: 2 });
    expect(
      [...first.body.items, ...rest.body.items].map((s: any) => s.entityRef),
    ).toEqual(all.body.items.map((s: any) => s.entityRef));

    // The exports are files of everything that passes the filters, never one page.
    const csv = await request(server).get('/export.csv');
    const exported = new Set(
      csv.text
        .trim()
        .split('\n')
        .slice(1)
        .map(line => line.match(/component:[^,]+/)?.[0]),
    );
    expect(exported.size).toBe(total);
    const json = await request(server).get('/export.json');
    expect(JSON.parse(json.text).items).toHaveLength(total);

    const tooMany = await request(server).get('/services?limit=1001');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/^Invalid query: limit/);
    const negative = await request(server).get('/services?offset=-1');
    expect(negative.status).toBe(400);
    expect(negative.body.error.message).toMatch(/^Invalid query: offset/);
  });

  it('pages and exports a fleet larger than the largest page', async () => {
    const { server, f } = await app();
    // More services than MAX_SERVICES_PAGE (1,000): the example org is too small to show a cap.
    const fleetSize = 1_234;
    await f.store.writeRun({
      trigger: 'full',
      startedAt: new Date().toISOString(),
      definitionsHash: 'large-fleet',
      replaceAll: true,
      services: Array.from({ length: fleetSize }, (_, i) => ({
        etag: `etag-${i}`,
        result: {
          entityRef: `component:default/service-${String(i).padStart(4, '0')}`,
          title: `service-${i}`,
          evaluatedAt: new Date().toISOString(),
          scorecards: [
            {
              id: 'production-readiness',
              title: 'Production readiness',
              levels: [{ id: 'bronze', title: 'Bronze' }],
              level: null,
              checks: [
                {
                  checkId: 'owner-known',
                  title: 'owner known',
                  description: 'Checks owner-known',
                  severity: 'high',
                  level: 'bronze',
                  required: true,
                  status: 'fail',
                  howToFix: 'https://docs.example/scorecards/owner-known',
                },
              ],
            },
          ],
        },
      })),
    });

    const first = await request(server).get('/services');
    expect(first.body).toMatchObject({
      total: fleetSize,
      offset: 0,
      limit: 1000,
    });
    expect(first.body.items).toHaveLength(1000);
    const second = await request(server).get('/services?offset=1000');
    expect(second.body.items).toHaveLength(fleetSize - 1000);
    const paged = new Set(
      [...first.body.items, ...second.body.items].map(
        (s: { entityRef: string }) => s.entityRef,
      ),
    );
    expect(paged.size).toBe(fleetSize);

    const json = await request(server).get('/export.json');
    expect(JSON.parse(json.text).items).toHaveLength(fleetSize);
    const csv = await request(server).get('/export.csv');
    const refs = new Set(
      csv.text
        .trim()
        .split('\n')
        .slice(1)
        .map(line => line.match(/component:[^,]+/)?.[0]),
    );
    expect(refs.size).toBe(fleetSize);
  });

  it('refuses bad filters with the field named', async () => {
    const { server } = await app();
    const res = await request(server).get('/services?level=%3Cscript%3E');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Invalid query: level/);
  });

  it('exports CSV (formula-safe, one row per check) and JSON', async () => {
    const { server } = await app();
    const csv = await request(server).get('/export.csv?team=team-checkout');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toContain('scorecards.csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(
      /^service,service_ref,team,department,scorecard,level,check/,
    );
    expect(lines.slice(1).every(l => l.includes(',Checkout,Commerce,'))).toBe(
      true,
    );
    const json = await request(server).get('/export.json');
    expect(JSON.parse(json.text).items.length).toBeGreaterThan(0);
  });

  it('lets the platform team refresh one service or the fleet, and nobody else', async () => {
    const { server, triggerFleetRun } = await app();
    const one = await request(server)
      .post('/refresh')
      .send({ entityRef: 'checkout-service' });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ trigger: 'entity', serviceCount: 1 });
    const fleet = await request(server).post('/refresh').send({});
    expect(fleet.status).toBe(202);
    expect(triggerFleetRun).toHaveBeenCalledTimes(1);

    const denied = await app({ denyRefresh: true });
    const res = await request(denied.server).post('/refresh').send({});
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      "Missing permission 'scorecards.refresh'",
    );
    expect(denied.triggerFleetRun).not.toHaveBeenCalled();
    // Reading stays open to them.
    expect((await request(denied.server).get('/overview')).status).toBe(200);
  });

  it('serves the how-to-fix guides of the repository, and nothing outside it', async () => {
    const { server } = await app();
    const guide = await request(server).get('/guide?path=docs/scorecards.md');
    expect(guide.status).toBe(200);
    expect(guide.body.markdown).toContain('### owner-is-team');
    expect(
      (await request(server).get('/guide?path=../../etc/passwd.md')).status,
    ).toBe(400);
  });

  it('reads nothing without the read permission', async () => {
    const { server } = await app({ denyAll: true });
    expect((await request(server).get('/overview')).status).toBe(403);
    expect((await request(server).get('/health')).status).toBe(200);
  });
});
