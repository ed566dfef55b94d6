import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { loadExampleOrg } from '@conway/plugin-ownership-node/testUtils';
import request from 'supertest';
import { HISTORY_TASK_ID, ownershipPlugin } from './plugin';
import { readHistoryConfig } from './services/historyConfig';

// Mining the example repositories is a few git processes each; a busy machine needs the room.
jest.setTimeout(120_000);

// Tests only, run from this repository: the example description beside the org.
// eslint-disable-next-line no-restricted-syntax
const EXAMPLE = path.resolve(__dirname, '../../../org/histories/example.yaml');

describe('ownership history routes', () => {
  let cacheDirectory: string;
  beforeEach(() => {
    cacheDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-history-'));
  });
  afterEach(() => fs.rmSync(cacheDirectory, { recursive: true, force: true }));

  async function start(options: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    history?: object;
  }) {
    const scheduler = mockServices.scheduler.mock();
    const { server } = await startTestBackend({
      features: [
        ownershipPlugin,
        catalogServiceMock.factory({ entities: loadExampleOrg() }),
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            ownership: {
              history: {
                exampleRepositories: EXAMPLE,
                cacheDirectory,
                initialDelaySeconds: 0,
                ...options.history,
              },
            },
          },
        }),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
      ],
    });
    const call = scheduler.scheduleTask.mock.calls.find(
      ([t]) => t.id === HISTORY_TASK_ID,
    );
    return {
      server,
      scheduler,
      task: call?.[0],
      run: () => call![0].fn(new AbortController().signal),
    };
  }

  it('schedules a global run, answers pending before it, then serves the example histories', async () => {
    const { server, task, run } = await start({});
    expect(task).toMatchObject({
      id: HISTORY_TASK_ID,
      scope: 'global',
      frequency: { minutes: 60 },
      timeout: { minutes: 30 },
    });
    // The run waits for the initial delay itself, so that a refresh can cut it short.
    expect(task!.initialDelay).toBeUndefined();
    const pending = await request(server).get('/api/ownership/history');
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual({ state: 'pending' });
    const pendingTeam = await request(server).get(
      '/api/ownership/history/teams/default/team-checkout',
    );
    expect(pendingTeam.body).toMatchObject({ state: 'pending', declared: [] });

    await run();
    const res = await request(server).get('/api/ownership/history');
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('ready');
    expect(res.body.windowDays).toBe(365);
    const components = res.body.report.components as Array<{
      entityRef: string;
      commits: number;
      actualTeamRef: string;
      declaredOwnerRef: string;
      fragmentation: { teamCount: number };
      knowledge: { truckFactor: number };
    }>;
    expect(
      components.map(c => [
        c.entityRef,
        c.commits,
        c.declaredOwnerRef,
        c.actualTeamRef,
        c.fragmentation.teamCount,
        c.knowledge.truckFactor,
      ]),
    ).toEqual([
      [
        'component:default/checkout-service',
        24,
        'group:default/team-checkout',
        'group:default/team-checkout',
        3,
        2,
      ],
      [
        'component:default/legacy-invoicing',
        8,
        'user:default/olga.petrova',
        'group:default/team-payments',
        1,
        1,
      ],
      [
        'component:default/route-planner',
        9,
        'group:default/team-routing',
        'group:default/team-routing',
        1,
        1,
      ],
      [
        'component:default/tracking-page',
        13,
        'group:default/team-checkout',
        'group:default/team-tracking',
        2,
        1,
      ],
    ]);
    expect(
      res.body.report.coordination.map(
        (p: { teamA: string; teamB: string; weeks: number }) =>
          `${p.teamA} ${p.teamB} ${p.weeks}`,
      ),
    ).toEqual([
      'group:default/team-checkout group:default/team-payments 6',
      'group:default/team-checkout group:default/team-warehouse 4',
      'group:default/team-payments group:default/team-warehouse 4',
    ]);
    expect(res.body.report.findings.map((f: { id: string }) => f.id)).toEqual([
      'actual-owner-mismatch:component:default/legacy-invoicing',
      'actual-owner-mismatch:component:default/tracking-page',
      'knowledge-at-risk:component:default/legacy-invoicing',
      'team-fragmentation:component:default/checkout-service',
      'team-coordination:group:default/team-checkout:group:default/team-payments',
      'team-coordination:group:default/team-checkout:group:default/team-warehouse',
      'team-coordination:group:default/team-payments:group:default/team-warehouse',
      'truck-factor-one:component:default/route-planner',
      'truck-factor-one:component:default/tracking-page',
      'unknown-authors:component:default/legacy-invoicing',
    ]);
    const legacy = res.body.report.components[1];
    expect(legacy.unknownAuthors).toEqual([
      {
        key: 'marta.kowalczyk@northwind.example',
        name: 'Marta Kowalczyk',
        commits: 4,
        knowledgeShare: 660 / 695,
      },
    ]);
    expect(res.body.runs.map((r: { mode: string }) => r.mode)).toEqual([
      'full',
      'full',
      'full',
      'full',
    ]);
    expect(res.body.withoutSourceLocation).toHaveLength(
      loadExampleOrg().filter(e => e.kind === 'Component').length - 4,
    );

    // A second run reads nothing new.
    await run();
    const again = await request(server).get('/api/ownership/history');
    expect(again.body.runs.map((r: { mode: string }) => r.mode)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    // The same figures; the weights differ only by the seconds the window's end moved on.
    const figures = (list: Array<Record<string, unknown>>) =>
      list.map(({ entityRef, commits, knowledge, actualTeamRef }) => ({
        entityRef,
        commits,
        knowledge,
        actualTeamRef,
      }));
    expect(figures(again.body.report.components)).toEqual(
      figures(res.body.report.components),
    );
  });

  it('serves one component and one team, and 404s naming what it does not know', async () => {
    const { server, run } = await start({});
    await run();
    const checkout = await request(server).get(
      '/api/ownership/history/components/default/checkout-service',
    );
    expect(checkout.status).toBe(200);
    expect(checkout.body.component.commits).toBe(24);
    expect(checkout.body.coordination).toHaveLength(3);
    expect(checkout.body.findings.map((f: { type: string }) => f.type)).toEqual(
      [
        'team-fragmentation',
        'team-coordination',
        'team-coordination',
        'team-coordination',
      ],
    );
    expect(checkout.body.titles['group:default/team-payments']).toBe(
      'Payments',
    );

    const basket = await request(server).get(
      '/api/ownership/history/components/default/basket-service',
    );
    expect(basket.status).toBe(200);
    expect(basket.body.component).toBeUndefined();
    expect(basket.body.reason).toMatch(/no backstage.io\/source-location/);

    const tracking = await request(server).get(
      '/api/ownership/history/teams/default/team-tracking',
    );
    expect(tracking.status).toBe(200);
    expect(tracking.body.declared).toEqual([]);
    expect(tracking.body.actuallyChanged).toEqual([
      {
        entityRef: 'component:default/tracking-page',
        declaredOwnerRef: 'group:default/team-checkout',
        actualTeamRef: 'group:default/team-tracking',
        teamShare: expect.any(Number),
        commits: 12,
      },
    ]);
    expect(tracking.body.actuallyChanged[0].teamShare).toBeGreaterThan(0.8);
    expect(tracking.body.findings.map((f: { id: string }) => f.id)).toEqual([
      'actual-owner-mismatch:component:default/tracking-page',
      'truck-factor-one:component:default/tracking-page',
    ]);

    const checkoutTeam = await request(server).get(
      '/api/ownership/history/teams/default/team-checkout',
    );
    expect(
      checkoutTeam.body.declared.map((d: { entityRef: string }) => d.entityRef),
    ).toEqual([
      'component:default/checkout-service',
      'component:default/tracking-page',
    ]);
    expect(checkoutTeam.body.coordination).toHaveLength(2);

    for (const [url, message] of [
      [
        '/api/ownership/history/components/default/nope',
        "No component found with ref 'component:default/nope'",
      ],
      [
        '/api/ownership/history/teams/default/team-nope',
        "No group found with ref 'group:default/team-nope'",
      ],
    ]) {
      const missing = await request(server).get(url);
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({
        name: 'NotFoundError',
        message,
      });
    }
  });

  it("says the stored run's window on the component and team answers", async () => {
    const { server, run } = await start({ history: { windowDays: 3650 } });
    expect((await request(server).get('/api/ownership/history')).body).toEqual({
      state: 'pending',
    });
    await run();
    for (const url of [
      '/api/ownership/history',
      '/api/ownership/history/components/default/checkout-service',
      '/api/ownership/history/teams/default/team-checkout',
    ]) {
      const res = await request(server).get(url);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'ready', windowDays: 3650 });
    }
  });

  it('starts a run on POST /history/refresh and keeps the routes behind the read permission', async () => {
    const { server, scheduler } = await start({});
    const refresh = await request(server).post(
      '/api/ownership/history/refresh',
    );
    expect(refresh.status).toBe(202);
    expect(refresh.body).toEqual({ state: 'pending' });
    expect(scheduler.triggerTask).toHaveBeenCalledWith(HISTORY_TASK_ID);

    const denied = await start({ permission: AuthorizeResult.DENY });
    for (const [method, url] of [
      ['get', '/api/ownership/history'],
      ['get', '/api/ownership/history/components/default/checkout-service'],
      ['get', '/api/ownership/history/teams/default/team-checkout'],
      ['post', '/api/ownership/history/refresh'],
    ] as const) {
      const res = await request(denied.server)[method](url);
      expect(res.status).toBe(403);
    }
    expect(denied.scheduler.triggerTask).not.toHaveBeenCalled();
    const anonymous = await request(server)
      .get('/api/ownership/history')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('starts a run waiting for the initial delay at once on POST /history/refresh', async () => {
    const { server, scheduler, run } = await start({
      history: { initialDelaySeconds: 3600 },
    });
    let done = false;
    const waiting = Promise.resolve(run()).then(() => {
      done = true;
    });
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(done).toBe(false);
    const refresh = await request(server).post(
      '/api/ownership/history/refresh',
    );
    expect(refresh.status).toBe(202);
    expect(scheduler.triggerTask).not.toHaveBeenCalled();
    await waiting;
    const res = await request(server).get('/api/ownership/history');
    expect(res.body.state).toBe('ready');
    expect(res.body.report.components).toHaveLength(4);

    // An aborted wait (shutdown, task timeout) runs nothing.
    const other = await start({ history: { initialDelaySeconds: 3600 } });
    const controller = new AbortController();
    const aborted = other.task!.fn(controller.signal);
    controller.abort();
    await aborted;
    const still = await request(other.server).get('/api/ownership/history');
    expect(still.body).toEqual({ state: 'pending' });
  });

  it('schedules nothing and answers disabled with enabled: false', async () => {
    const { server, task } = await start({ history: { enabled: false } });
    expect(task).toBeUndefined();
    const res = await request(server).get('/api/ownership/history');
    expect(res.body).toEqual({ state: 'disabled' });
    const refresh = await request(server).post(
      '/api/ownership/history/refresh',
    );
    expect(refresh.status).toBe(409);
  });

  it('allows cloning from the integrations and ownership.history.allowedHosts', () => {
    const config = mockServices.rootConfig({
      data: {
        integrations: {
          github: [{ host: 'github.com' }, { host: 'GHE.Northwind.example' }],
          gitlab: [{}],
        },
        ownership: { history: { allowedHosts: ['git.northwind.example'] } },
      },
    });
    expect(readHistoryConfig(config).allowedHosts).toEqual([
      'github.com',
      'ghe.northwind.example',
      'gitlab.com',
      'git.northwind.example',
    ]);
  });

  it('refuses invalid config naming the key', async () => {
    await expect(start({ history: { intervalMinutes: 0 } })).rejects.toThrow(
      "Invalid config 'ownership.history.intervalMinutes': must be a number > 0, got 0",
    );
    await expect(start({ history: { windowDays: 'a year' } })).rejects.toThrow(
      "Invalid config 'ownership.history.windowDays'",
    );
  });
});
