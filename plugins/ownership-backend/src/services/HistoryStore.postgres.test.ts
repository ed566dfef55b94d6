/*
 * The history store and service on the machine's PostgreSQL (127.0.0.1:5432,
 * trust auth), in a throwaway database this test creates and drops. Skipped
 * with a message when no server answers, except in CI.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scriptRepository } from '@conway/plugin-ownership-node/testUtils';
import { HistoryService } from './HistoryService';
import { HistoryStore } from './HistoryStore';

jest.setTimeout(60_000);

const server = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD ?? '',
};
const dbName = `conway_ownership_history_${process.pid}`;
const DAY = 86400;
const NOW = Date.UTC(2026, 11, 2, 12) / 1000;

function connect(database: string): Knex {
  return knexFactory({
    client: 'pg',
    connection: { ...server, database },
    pool: { min: 0, max: 4 },
  });
}

describe('HistoryStore on PostgreSQL', () => {
  let admin: Knex;
  let knex: Knex | undefined;
  let root: string;

  beforeAll(async () => {
    admin = connect('postgres');
    try {
      await admin.raw('select 1');
    } catch (error) {
      if (process.env.CI || process.env.CONWAY_STRICT) throw error;
      // eslint-disable-next-line no-console
      console.warn(
        `SKIPPED: no PostgreSQL at ${server.host}:${server.port} (${error}); CI always runs this test.`,
      );
      await admin.destroy();
      return;
    }
    await admin.raw(`drop database if exists "${dbName}" with (force)`);
    await admin.raw(`create database "${dbName}"`);
    knex = connect(dbName);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-history-pg-'));
  });

  afterAll(async () => {
    if (!knex) return;
    await knex.destroy();
    await admin.raw(`drop database if exists "${dbName}" with (force)`);
    await admin.destroy();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('stores runs and states, serves them to a second replica, and rolls back a failed run', async () => {
    if (!knex) return;
    const dir = path.join(root, 'repos', 'ledger');
    const ann = { name: 'Ann', email: 'ann@x.example' };
    scriptRepository(dir, [
      { author: ann, time: NOW - 2 * DAY, write: { 'src/a.ts': 40 } },
      { author: ann, time: NOW - DAY, write: { 'src/a.ts': 50 } },
    ]);
    const entities = [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'a' },
        spec: { type: 'team', children: [] },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'ann' },
        spec: { profile: { email: ann.email }, memberOf: ['a'] },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'ledger',
          annotations: { 'backstage.io/source-location': `dir:${dir}` },
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'a' },
      },
    ] as Entity[];
    const database = { getClient: async () => knex! };
    const create = async () =>
      HistoryService.create({
        store: await HistoryStore.create({ database }),
        settings: {
          enabled: true,
          intervalMinutes: 60,
          initialDelaySeconds: 0,
          timeoutMinutes: 30,
          concurrency: 2,
          cacheDirectory: path.join(root, 'cache'),
          cacheMaxBytes: 1024 ** 3,
          directories: [path.join(root, 'repos')],
          allowedHosts: [],
          options: {},
        },
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        pageSize: 100,
      });
    const first = await create();
    expect(await first.run(new Date(NOW * 1000))).toEqual({
      runId: 1,
      components: 1,
      findings: 1,
    });
    const second = await create();
    const served = await second.fleet();
    expect(served).toEqual(await first.fleet());
    expect(served.report!.components[0]).toMatchObject({
      commits: 2,
      actualTeamRef: 'group:default/a',
      knowledge: { currentLines: 50, truckFactor: 1 },
    });
    expect(served.report!.findings.map(f => f.id)).toEqual([
      'truck-factor-one:component:default/ledger',
    ]);

    // A failure at the end of the run: nothing of it stays.
    scriptRepository(dir, [
      { author: ann, time: NOW - 60, write: { 'src/a.ts': 55 } },
    ]);
    const states = await knex('ownership_history_state').select();
    await knex.schema.renameTable('ownership_history_runs', 'runs_away');
    const failed = await second.run(new Date(NOW * 1000)).catch(e => e);
    expect(String(failed)).toMatch(/ownership_history_runs/);
    await knex.schema.renameTable('runs_away', 'ownership_history_runs');
    expect(await knex('ownership_history_state').select()).toEqual(states);
    expect(await first.fleet()).toEqual(served);
    expect(await knex('ownership_history_state_staged').select()).toHaveLength(
      1,
    );

    expect(await second.run(new Date(NOW * 1000))).toMatchObject({ runId: 2 });
    const after = await first.fleet();
    expect(after.runs!.map(r => [r.mode, r.commitsRead])).toEqual([
      ['incremental', 1],
    ]);
    expect(after.report!.components[0].knowledge.currentLines).toBe(55);
    expect(await knex('ownership_history_state_staged').select()).toEqual([]);
  });
});
