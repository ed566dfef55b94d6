import fs from 'node:fs';
import path from 'node:path';
import {
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DefaultEventsService,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { CAMPAIGN_MERGED_TOPIC } from '@conway/plugin-campaigns-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { loadExampleOrg } from '@conway/plugin-ownership-node/testUtils';
import request from 'supertest';
import { CHANGES_TASK_ID, FLEET_TASK_ID, scorecardsPlugin } from './plugin';

// A loaded 2-core CI machine: migrations and the example org take seconds.
jest.setTimeout(60_000);

// Tests only, run from this repository: the shipped definitions beside the plugins.
// eslint-disable-next-line no-restricted-syntax
const SHIPPED = path.resolve(__dirname, '../../../scorecards');

async function start(definitionsDir: string) {
  const scheduler = mockServices.scheduler.mock();
  const logger = mockServices.logger.mock();
  // The real in-process events service, held here so the test can publish.
  const events = DefaultEventsService.create({
    logger: mockServices.logger.mock(),
    useEventBus: 'never',
  });
  const { server } = await startTestBackend({
    features: [
      scorecardsPlugin,
      createServiceFactory({
        service: eventsServiceRef,
        deps: {},
        factory: () => events,
      }),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalogServiceMock({ entities: loadExampleOrg() }),
      }),
      scheduler.factory,
      logger.factory,
      mockServices.rootConfig.factory({
        data: { conway: { scorecards: { definitions: definitionsDir } } },
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
    ],
  });
  const task = (id: string) => {
    const call = scheduler.scheduleTask.mock.calls.find(([t]) => t.id === id);
    return () => call![0].fn(new AbortController().signal);
  };
  return { server, scheduler, logger, task, events };
}

describe('scorecards plugin', () => {
  it('schedules global runs and serves the shipped scorecards over the example org', async () => {
    const { server, scheduler, task } = await start(SHIPPED);
    const scheduled = scheduler.scheduleTask.mock.calls.map(([t]) => [t.id, t.scope]);
    expect(scheduled).toEqual([
      [FLEET_TASK_ID, 'global'],
      [CHANGES_TASK_ID, 'global'],
    ]);

    // Nothing evaluated yet: the page says so instead of waiting.
    const empty = await request(server).get('/api/scorecards/overview');
    expect(empty.status).toBe(200);
    expect(empty.body.serviceCount).toBe(0);

    await task(CHANGES_TASK_ID)();
    const overview = await request(server).get('/api/scorecards/overview');
    expect(overview.body.scorecards.map((s: { title: string }) => s.title).sort()).toEqual([
      'Golden path',
      'Production readiness',
    ]);
    const entity = await request(server).get('/api/scorecards/entity/component/default/checkout-service');
    expect(entity.status).toBe(200);
    const readiness = entity.body.scorecards.find((s: { id: string }) => s.id === 'production-readiness');
    const owner = readiness.checks.find((c: { checkId: string }) => c.checkId === 'owner-is-team');
    expect(owner.howToFix).toBe('docs/scorecards.md#owner-is-team');
    // The rule each check evaluates is served: a campaign started from a check depends on it.
    const onCall = readiness.checks.find((c: { checkId: string }) => c.checkId === 'on-call');
    expect(onCall.rule).toBe('on-call-annotation');
    expect(overview.body.failingChecks.length).toBeGreaterThan(0);
    for (const check of overview.body.failingChecks) {
      expect(typeof check.rule).toBe('string');
    }
    // The example org's services live on GitHub: their repository checks are unknown, with the reason.
    const tests = readiness.checks.find((c: { checkId: string }) => c.checkId === 'tests-present');
    expect(tests.status).toBe('unknown');
    expect(tests.reason).toMatch(/GitHub|repository/i);
    // People and teams by their names, not their refs.
    const legacy = await request(server).get('/api/scorecards/entity/component/default/legacy-invoicing');
    const legacyOwner = legacy.body.scorecards
      .find((s: { id: string }) => s.id === 'production-readiness')
      .checks.find((c: { checkId: string }) => c.checkId === 'owner-is-team');
    expect(legacyOwner.reason).toBe('owned by Olga Petrova, a person, not a team');
  });

  it('logs an invalid definition with its file and line and keeps the previous one', async () => {
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'scorecards-defs-'));
    try {
      for (const file of fs.readdirSync(SHIPPED)) {
        fs.copyFileSync(path.join(SHIPPED, file), path.join(dir, file));
      }
      const { server, logger, task } = await start(dir);
      await task(FLEET_TASK_ID)();
      const file = path.join(dir, 'production-readiness.yaml');
      fs.writeFileSync(
        file,
        fs.readFileSync(file, 'utf8').replace('rule: on-call-annotation', 'rule: no-such-rule'),
      );
      await task(FLEET_TASK_ID)();
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringMatching(/production-readiness\.yaml:\d+: .*no-such-rule/),
      );
      const overview = await request(server).get('/api/scorecards/overview');
      expect(overview.body.scorecards.map((s: { id: string }) => s.id)).toContain('production-readiness');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("re-scores just the merged service when a campaign's change merges", async () => {
    const { server, task, events, logger } = await start(SHIPPED);
    await task(FLEET_TASK_ID)();
    const runIdOf = async (name: string) =>
      (await request(server).get(`/api/scorecards/entity/component/default/${name}`)).body.runId;
    const fleetRun = await runIdOf('checkout-service');
    const others = (await request(server).get('/api/scorecards/services')).body.items
      .map((s: { entityRef: string }) => s.entityRef)
      .filter((ref: string) => ref !== 'component:default/checkout-service');
    expect(others.length).toBeGreaterThan(0);

    await events.publish({
      topic: CAMPAIGN_MERGED_TOPIC,
      eventPayload: { campaignId: 'node-24', entityRef: 'component:default/checkout-service' },
    });
    const entity = await request(server).get('/api/scorecards/entity/component/default/checkout-service');
    expect(entity.body.runId).toBeGreaterThan(fleetRun);
    expect(entity.body.history.map((h: { runId: number }) => h.runId)).toEqual([entity.body.runId, fleetRun]);
    // Only that service: the others keep the fleet run's results.
    const services = (await request(server).get('/api/scorecards/services')).body.items;
    for (const s of services.filter((x: { entityRef: string }) => others.includes(x.entityRef))) {
      expect(s.runId).toBe(fleetRun);
    }

    // A payload without a service is logged and changes nothing.
    await events.publish({ topic: CAMPAIGN_MERGED_TOPIC, eventPayload: { campaignId: 'node-24' } });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/ignored a conway\.campaigns\.merged event/));
    expect((await request(server).get('/api/scorecards/entity/component/default/checkout-service')).body.runId).toBe(
      entity.body.runId,
    );
  });
});
