import fs from 'fs';
import os from 'os';
import path from 'path';
import knexFactory, { Knex } from 'knex';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scriptRepository } from '@conway/plugin-ownership-node/testUtils';
import { HistorySettings } from './historyConfig';
import { HistoryService } from './HistoryService';
import { HistoryStore } from './HistoryStore';

// Each scripted commit is a few git processes; a busy CI machine needs the room.
jest.setTimeout(60_000);

const DAY = 86400;
/** A Wednesday, noon UTC. */
const NOW = Date.UTC(2026, 11, 2, 12) / 1000;
const T1 = NOW - 8 * DAY;
const T2 = NOW - DAY;
const ann = { name: 'Ann', email: 'ann@x.example' };
const bob = { name: 'Bob', email: 'bob@x.example' };
const gone = { name: 'Gone', email: 'gone@x.example' };
/** The analysis's weight of a line changed at `time`: half-life 180 days. */
const w = (time: number) => 2 ** (-(NOW - time) / (180 * DAY));

function entities(root: string): Entity[] {
  const meta = (name: string, extra: object = {}) => ({ name, ...extra });
  const group = (name: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: meta(name, { title: `Team ${name.toUpperCase()}` }),
    spec: { type: 'team', children: [] },
  });
  const user = (name: string, team: string) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: meta(name),
    spec: { profile: { email: `${name}@x.example` }, memberOf: [team] },
  });
  const component = (name: string, annotations: Record<string, string>) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: meta(name, { annotations }),
    spec: { type: 'service', lifecycle: 'production', owner: 'group:a' },
  });
  return [
    group('a'),
    group('b'),
    user('ann', 'a'),
    user('bob', 'b'),
    // Published by a golden path to the local repositories and registered
    // from there: no source-location, its catalog file says where it is.
    component('ledger', {
      'backstage.io/managed-by-location': `file:${root}/repos/ledger/catalog-info.yaml`,
    }),
    component('elsewhere', {
      'backstage.io/managed-by-location': `file:${root}/outside/catalog-info.yaml`,
      'backstage.io/source-location': 'dir:.',
    }),
    component('nosource', {}),
  ] as Entity[];
}

const settings = (cacheDirectory: string): HistorySettings => ({
  enabled: true,
  intervalMinutes: 60,
  initialDelaySeconds: 0,
  timeoutMinutes: 30,
  concurrency: 2,
  cacheDirectory,
  cacheMaxBytes: 1024 ** 3,
  directories: [],
  allowedHosts: ['git.northwind.example'],
  options: {},
});

describe('HistoryService on SQLite', () => {
  let root: string;
  let knex: Knex;
  let database: DatabaseService;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-history-service-'));
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    database = { getClient: async () => knex };
  });
  afterEach(async () => {
    await knex.destroy();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function create(store?: HistoryStore) {
    const logger = mockServices.logger.mock();
    const service = HistoryService.create({
      store: store ?? (await HistoryStore.create({ database })),
      settings: settings(path.join(root, 'cache')),
      catalog: catalogServiceMock({ entities: entities(root) }),
      auth: mockServices.auth(),
      logger,
      pageSize: 2,
      localRepositories: path.join(root, 'repos'),
    });
    return { service, logger };
  }

  function ledger() {
    const dir = path.join(root, 'repos', 'ledger');
    scriptRepository(dir, [
      { author: gone, time: T1, write: { 'core/book.ts': 60 } },
      { author: ann, time: T1, write: { 'a/fees.ts': 30 } },
      { author: bob, time: T1, write: { 'b/http.ts': 10 } },
      { author: ann, time: T2, write: { 'a/fees.ts': 40 } },
      { author: bob, time: T2, write: { 'b/http.ts': 20 } },
    ]);
    return dir;
  }

  it('answers pending before the first run, then serves the stored run with exact figures', async () => {
    ledger();
    fs.mkdirSync(path.join(root, 'outside'));
    const { service } = await create();
    expect(await service.fleet()).toEqual({ state: 'pending' });
    expect(await service.team('group:default/a')).toMatchObject({
      state: 'pending',
      declared: [],
    });

    const outcome = await service.run(new Date(NOW * 1000));
    expect(outcome).toEqual({ runId: 1, components: 1, findings: 3 });

    const fleet = await service.fleet();
    expect(fleet.state).toBe('ready');
    expect(fleet.completedAt).toEqual(expect.any(String));
    expect(fleet.withoutSourceLocation).toEqual(['component:default/nosource']);
    expect(fleet.runs).toEqual([
      {
        repository: `dir:${root}/repos/ledger`,
        entityRefs: ['component:default/ledger'],
        mode: 'full',
        commitsRead: 5,
        milliseconds: expect.any(Number),
      },
    ]);
    expect(fleet.report!.unavailable).toEqual([
      {
        entityRef: 'component:default/elsewhere',
        repository: 'dir:.',
        reason: `'.' (${root}/outside) is outside the directories the ownership history may read (add it to ownership.history.directories)`,
      },
    ]);
    const [c] = fleet.report!.components;
    const teamA = 30 * w(T1) + 10 * w(T2);
    const teamB = 10 * w(T1) + 10 * w(T2);
    const total = 60 * w(T1) + teamA + teamB;
    expect(c.entityRef).toBe('component:default/ledger');
    expect(c.commits).toBe(5);
    expect(c.weightedLines).toBeCloseTo(total, 9);
    expect(c.actualTeamRef).toBe('group:default/a');
    expect(c.declaredOwnerShare).toBeCloseTo(teamA / total, 9);
    expect(c.unknownAuthorShare).toBeCloseTo((60 * w(T1)) / total, 9);
    expect(
      c.teamShares.map(t => [t.teamRef, t.commits, t.topDirectories]),
    ).toEqual([
      [null, 1, ['core']],
      ['group:default/a', 2, ['a']],
      ['group:default/b', 2, ['b']],
    ]);
    // Line survival: every line is still there, so each author keeps what they wrote.
    expect(c.knowledge).toEqual({
      currentLines: 120,
      atRiskShare: 0.5,
      truckFactor: 2,
      holders: [
        { ref: 'gone@x.example', known: false, share: 0.5 },
        { ref: 'user:default/ann', known: true, share: 40 / 120 },
        { ref: 'user:default/bob', known: true, share: 20 / 120 },
      ],
    });
    // Two ISO weeks in which both teams changed it.
    expect(fleet.report!.coordination).toEqual([
      {
        teamA: 'group:default/a',
        teamB: 'group:default/b',
        weeks: 2,
        components: [{ entityRef: 'component:default/ledger', weeks: 2 }],
      },
    ]);
    expect(fleet.report!.findings.map(f => f.id)).toEqual([
      'history-unavailable:component:default/elsewhere',
      'knowledge-at-risk:component:default/ledger',
      'unknown-authors:component:default/ledger',
    ]);
  });

  it('serves one component and one team, and names what it does not know', async () => {
    ledger();
    const { service } = await create();
    await service.run(new Date(NOW * 1000));

    const ledgerHistory = await service.component('component:default/ledger');
    expect(ledgerHistory.state).toBe('ready');
    expect(ledgerHistory.component?.commits).toBe(5);
    expect(ledgerHistory.reason).toBeUndefined();
    expect(ledgerHistory.findings.map(f => f.id)).toContain(
      'unknown-authors:component:default/ledger',
    );
    expect(ledgerHistory.coordination).toHaveLength(1);
    expect(ledgerHistory.titles['group:default/a']).toBe('Team A');

    const nosource = await service.component('component:default/nosource');
    expect(nosource.component).toBeUndefined();
    expect(nosource.reason).toMatch(/no backstage.io\/source-location/);

    await expect(service.component('component:default/nope')).rejects.toThrow(
      "No component found with ref 'component:default/nope'",
    );

    const a = await service.team('group:default/a');
    expect(a.declared).toEqual([
      {
        entityRef: 'component:default/ledger',
        declaredOwnerRef: 'group:default/a',
        actualTeamRef: 'group:default/a',
        teamShare: expect.any(Number),
        commits: 2,
      },
    ]);
    expect(a.actuallyChanged).toEqual([]);
    expect(a.coordination.map(p => p.weeks)).toEqual([2]);
    const b = await service.team('group:default/b');
    expect(b.declared).toEqual([]);
    expect(b.coordination).toEqual(a.coordination);
    await expect(service.team('group:default/c')).rejects.toThrow(
      "No group found with ref 'group:default/c'",
    );
  });

  it('continues incrementally from the stored state, also in another replica', async () => {
    const dir = ledger();
    const first = await create();
    await first.service.run(new Date(NOW * 1000));
    scriptRepository(dir, [
      { author: bob, time: NOW - 3600, write: { 'b/http.ts': 25 } },
    ]);
    // A second replica: its own service and store on the same database.
    const second = await create();
    await second.service.run(new Date(NOW * 1000));
    const fleet = await first.service.fleet();
    expect(fleet.runs!.map(r => [r.mode, r.commitsRead])).toEqual([
      ['incremental', 1],
    ]);
    expect(fleet.report!.components[0].commits).toBe(6);
    expect(fleet.report!.components[0].knowledge.currentLines).toBe(125);
    expect(await second.service.fleet()).toEqual(fleet);

    await second.service.run(new Date(NOW * 1000));
    expect(
      (await first.service.fleet()).runs!.map(r => [r.mode, r.commitsRead]),
    ).toEqual([['unchanged', 0]]);
    expect(await knex('ownership_history_runs').count({ n: '*' })).toEqual([
      { n: 3 },
    ]);
  });

  it('leaves the previous results and states when a run fails before its end', async () => {
    const dir = ledger();
    const { service } = await create();
    await service.run(new Date(NOW * 1000));
    const before = await service.fleet();
    const states = await knex('ownership_history_state').select();
    scriptRepository(dir, [
      { author: bob, time: NOW - 3600, write: { 'b/http.ts': 25 } },
    ]);
    // The run's last write fails: its new state was written first in the same transaction.
    await knex.schema.renameTable('ownership_history_runs', 'runs_away');
    expect(await knex.schema.hasTable('ownership_history_runs')).toBe(false);
    const outcome = await service.run(new Date(NOW * 1000)).catch(e => e);
    expect(String(outcome)).toMatch(/ownership_history_runs/);
    await knex.schema.renameTable('runs_away', 'ownership_history_runs');
    expect(await knex('ownership_history_state').select()).toEqual(states);
    expect(await service.fleet()).toEqual(before);
    // Its new state stays staged, not current.
    const staged = await knex('ownership_history_state_staged').select();
    expect(staged).toHaveLength(1);
    expect(JSON.parse(staged[0].state).commitCount).toBe(
      JSON.parse(states[0].state).commitCount + 1,
    );

    // The next run starts from the previous state and completes; nothing stays staged.
    await service.run(new Date(NOW * 1000));
    const after = await service.fleet();
    expect(after.runs!.map(r => [r.mode, r.commitsRead])).toEqual([
      ['incremental', 1],
    ]);
    expect(after.report!.components[0].commits).toBe(6);
    expect(await knex('ownership_history_state_staged').select()).toEqual([]);
    expect(
      JSON.parse((await knex('ownership_history_state').first('state')).state)
        .commitCount,
    ).toBe(JSON.parse(states[0].state).commitCount + 1);
  });

  it('clones only from allowed hosts', async () => {
    const logger = mockServices.logger.mock();
    const remote = (name: string, url: string) =>
      ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          annotations: { 'backstage.io/source-location': `url:${url}` },
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'group:a' },
      } as Entity);
    const service = HistoryService.create({
      store: await HistoryStore.create({ database }),
      settings: settings(path.join(root, 'cache')),
      catalog: catalogServiceMock({
        entities: [
          ...entities(root).filter(e => e.kind !== 'Component'),
          remote('internal', 'http://169.254.169.254/latest/meta-data'),
        ],
      }),
      auth: mockServices.auth(),
      logger,
      pageSize: 10,
    });
    await service.run(new Date(NOW * 1000));
    const fleet = await service.fleet();
    expect(fleet.report!.unavailable).toEqual([
      {
        entityRef: 'component:default/internal',
        repository: 'url:http://169.254.169.254/latest/meta-data',
        reason:
          "host '169.254.169.254' is not one the ownership history may clone from (an integration's host or ownership.history.allowedHosts)",
      },
    ]);
    expect(fleet.runs!.map(r => r.mode)).toEqual(['failed']);
    expect(fs.existsSync(path.join(root, 'cache', 'clones'))).toBe(false);
  });

  it('answers disabled without a store', async () => {
    const service = HistoryService.create({
      settings: { ...settings(root), enabled: false },
      catalog: catalogServiceMock({ entities: [] }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      pageSize: 10,
    });
    expect(await service.fleet()).toEqual({ state: 'disabled' });
    expect(await service.run()).toEqual({ skipped: 'disabled' });
  });

  it('skips a run while the catalog has no components', async () => {
    const store = await HistoryStore.create({ database });
    const service = HistoryService.create({
      store,
      settings: settings(root),
      catalog: catalogServiceMock({ entities: [] }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      pageSize: 10,
    });
    expect(await service.run()).toEqual({
      skipped: 'the catalog has no components yet',
    });
    expect(await service.fleet()).toEqual({ state: 'pending' });
  });
});
