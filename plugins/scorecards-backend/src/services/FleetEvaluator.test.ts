import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withChangedSpec } from '@conway/plugin-ownership-node/testUtils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { createFixture, sqliteDatabase } from '../__testUtils__/fixtures';
import { ScorecardService } from './ScorecardService';
import { ScorecardStore } from './ScorecardStore';

// A loaded 2-core CI machine: migrations and the example org take seconds.
jest.setTimeout(60_000);

const CHECKOUT = 'component:default/checkout-service';

describe('FleetEvaluator on SQLite', () => {
  it('evaluates every service of the example org in one full run, with display names', async () => {
    const f = await createFixture();
    const services = f
      .entities()
      .filter(e => e.kind === 'Component' && e.spec?.type === 'service')
      .map(stringifyEntityRef)
      .sort();
    const { run } = await f.evaluator.evaluateFleet();
    expect(run).toMatchObject({ trigger: 'full', serviceCount: services.length });

    const results = await f.store.currentResults();
    expect(results.map(r => r.entityRef).sort()).toEqual(services);
    const checkout = results.find(r => r.entityRef === CHECKOUT)!;
    expect(checkout.team).toEqual({ ref: 'group:default/team-checkout', title: 'Checkout' });
    expect(checkout.department).toEqual({ ref: 'group:default/commerce', title: 'Commerce' });
    expect(checkout.owner?.title).toBe('Checkout');
    // No local repositories are configured: unknown with the reason, never a pass.
    const repo = checkout.scorecards[0].checks.find(c => c.checkId === 'repository-readable')!;
    expect(repo.status).toBe('unknown');
    expect(repo.reason).toBe(
      'scorecards read only local checkouts, and conway.localRepositories.directory is not set',
    );
    expect(checkout.scorecards[0].level).toBe('bronze');
  });

  it('says which checkout scorecards lack, and gives the rules the owner by name', async () => {
    const repositoriesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecards-repos-'));
    try {
      const f = await createFixture({ repositoriesDir });
      const evaluate = jest.spyOn(f.engine, 'evaluate');
      await f.evaluator.evaluateOne('component:default/legacy-invoicing');
      const facts = evaluate.mock.calls[0][1];
      // Another plugin may read a repository for this service (the ownership history's
      // example repositories): the reason names what scorecards read, not "no repository".
      expect(facts.repository).toEqual({
        unknown:
          "scorecards have no local checkout of it: neither backstage.io/managed-by-location nor backstage.io/source-location is a file in a repository under conway.localRepositories.directory, and no repository there is named 'legacy-invoicing'",
      });
      expect(facts.owner).toEqual({
        ref: 'user:default/olga.petrova',
        title: 'Olga Petrova',
        kind: 'user',
        memberCount: 1,
      });
    } finally {
      fs.rmSync(repositoriesDir, { recursive: true, force: true });
    }
  });

  it('re-evaluates only the services whose entity changed, and drops removed ones', async () => {
    const f = await createFixture();
    await f.evaluator.evaluateFleet();
    f.engine.evaluated = [];

    expect(await f.evaluator.evaluateChanged()).toEqual({
      skipped: 'no service changed since the last run',
    });
    expect(f.engine.evaluated).toEqual([]);

    f.setEntities(
      withChangedSpec(f.entities(), CHECKOUT, { system: undefined }).filter(
        e => stringifyEntityRef(e) !== 'component:default/payments-service',
      ),
    );
    const { run } = await f.evaluator.evaluateChanged();
    expect(run).toMatchObject({ trigger: 'changed', serviceCount: 1 });
    expect(f.engine.evaluated).toEqual(['checkout-service']);

    const results = await f.store.currentResults();
    expect(results.map(r => r.entityRef)).not.toContain('component:default/payments-service');
    const checkout = results.find(r => r.entityRef === CHECKOUT)!;
    expect(checkout.scorecards[0].level).toBeNull();
    // History keeps both results of checkout-service, newest first.
    const history = await f.store.history(CHECKOUT, 10);
    expect(history.map(h => h.scorecards[0].level)).toEqual([null, 'bronze']);
  });

  it('evaluates everything again when the definitions change', async () => {
    const f = await createFixture();
    await f.evaluator.evaluateFleet();
    f.engine.definitionsVersion = 2;
    const { run } = await f.evaluator.evaluateChanged();
    expect(run?.trigger).toBe('full');
    expect(run?.definitionsHash).toBe('v2');
  });

  it('keeps the previous definitions when a new one is invalid, and logs file and line', async () => {
    const f = await createFixture();
    await f.evaluator.evaluateFleet();
    f.engine.failLoad = 'scorecards/bad.yaml:7: unknown check "no-such-check"';
    const { run } = await f.evaluator.evaluateFleet();
    expect(run?.definitionsHash).toBe('v1');
    expect(f.logger.error).toHaveBeenCalledWith(
      expect.stringContaining('scorecards/bad.yaml:7: unknown check "no-such-check"'),
    );
  });

  it('refuses to start without valid definitions', async () => {
    const f = await createFixture();
    f.engine.failLoad = 'scorecards/bad.yaml:3: levels form a cycle';
    await expect(f.evaluator.evaluateFleet()).rejects.toThrow('bad.yaml:3');
    expect(await f.store.latestRun()).toBeUndefined();
  });

  it('keeps the results when the catalog suddenly lists no service', async () => {
    const f = await createFixture();
    await f.evaluator.evaluateFleet();
    const before = await f.store.currentResults();
    f.setEntities(f.entities().filter(e => e.kind !== 'Component'));
    expect(await f.evaluator.evaluateFleet()).toEqual({
      skipped: 'the catalog lists no services; the previous results are kept',
    });
    expect(await f.store.currentResults()).toEqual(before);
  });

  it('evaluates one service on demand, and refuses what is not a service', async () => {
    const f = await createFixture();
    const { run } = await f.evaluator.evaluateOne(CHECKOUT);
    expect(run).toMatchObject({ trigger: 'entity', serviceCount: 1 });
    await expect(f.evaluator.evaluateOne('group:default/team-checkout')).rejects.toThrow(
      "No service found with ref 'group:default/team-checkout'",
    );
  });

  it('writes nothing of a run that fails half-way (one transaction)', async () => {
    const { database, knex } = sqliteDatabase();
    const f = await createFixture({ database });
    await f.evaluator.evaluateFleet();
    const before = await knex('scorecard_results').count({ n: '*' });
    const poisoned = {
      result: {
        entityRef: 'component:default/poison',
        title: 'Poison',
        evaluatedAt: '2026-12-04T00:00:00Z',
        scorecards: [],
        toJSON() {
          throw new Error('replica killed');
        },
      },
      etag: 'x',
    };
    const ok = (await f.store.currentResults()).slice(0, 3).map(r => ({ result: r, etag: 'y' }));
    await expect(
      f.store.writeRun({
        trigger: 'full',
        startedAt: new Date().toISOString(),
        definitionsHash: 'v1',
        services: [...ok, poisoned],
        replaceAll: true,
      }),
    ).rejects.toThrow('replica killed');
    expect(await knex('scorecard_results').count({ n: '*' })).toEqual(before);
    expect((await f.store.runs(10)).length).toBe(1);
    expect((await f.store.currentResults()).length).toBeGreaterThan(3);
  });
});

describe('ScorecardService', () => {
  it('rolls up per team and department, lists failing checks by severity, and trends per day', async () => {
    const f = await createFixture();
    await f.evaluator.evaluateFleet();
    const service = ScorecardService.create({ store: f.store });
    const overview = await service.overview();
    expect(overview.serviceCount).toBeGreaterThan(5);
    const [card] = overview.scorecards;
    expect(card.title).toBe('Production readiness');
    expect(Object.values(card.levelCounts).reduce((a, b) => a + b, 0)).toBe(overview.serviceCount);
    const checkoutTeam = overview.teams.find(t => t.team.ref === 'group:default/team-checkout')!;
    expect(checkoutTeam.department?.title).toBe('Commerce');
    expect(overview.departments.map(d => d.title)).toContain('Commerce');
    // Critical first: the repository check (unknown everywhere here) leads.
    expect(overview.failingChecks[0]).toMatchObject({ checkId: 'repository-readable', severity: 'critical' });
    expect(overview.trends).toHaveLength(1);
    expect(overview.trends[0]).toMatchObject({
      day: new Date().toISOString().slice(0, 10),
      scorecardId: 'production-readiness',
      serviceCount: overview.serviceCount,
    });
    // One roll-up per scope and day: a second run the same day replaces it.
    await f.evaluator.evaluateOne(CHECKOUT);
    expect((await service.overview()).trends).toHaveLength(1);
    const team = await service.overview({ team: 'group:default/team-checkout' });
    expect(team.trends[0].serviceCount).toBe(checkoutTeam.serviceCount);
  });

  it('filters services by team, level and failing check', async () => {
    const f = await createFixture();
    await f.evaluator.evaluateFleet();
    const service = ScorecardService.create({ store: f.store });
    const all = (await service.services({})).items;
    const team = (await service.services({ team: ['group:default/team-checkout'] })).items;
    expect(team.length).toBeGreaterThan(0);
    expect(team.every(r => r.team?.ref === 'group:default/team-checkout')).toBe(true);
    const none = (await service.services({ level: ['none'] })).items;
    const bronze = (await service.services({ level: ['bronze'] })).items;
    expect(none.length + bronze.length).toBe(all.length);
    const noSystem = (await service.services({ check: ['system-set'] })).items;
    expect(noSystem.every(r => r.scorecards[0].level === null)).toBe(true);
  });

  it('serves new runs written by another replica (shared database)', async () => {
    const { database } = sqliteDatabase();
    const f = await createFixture({ database });
    const other = ScorecardService.create({ store: await ScorecardStore.create({ database }) });
    expect((await other.overview()).serviceCount).toBe(0);
    await f.evaluator.evaluateFleet();
    expect((await other.overview()).serviceCount).toBeGreaterThan(0);
    const entity = await other.entity(CHECKOUT);
    expect(entity.history).toHaveLength(1);
    await expect(other.entity('component:default/nope')).rejects.toThrow(
      "No scorecard results for 'component:default/nope'",
    );
  });
});
