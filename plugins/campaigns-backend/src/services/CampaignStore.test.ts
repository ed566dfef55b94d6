/*
 * The store on SQLite and on the machine's PostgreSQL (127.0.0.1:5432, trust
 * auth, a throwaway database; skipped with a message when no server answers,
 * except in CI).
 */
import knexFactory, { Knex } from 'knex';
import type {
  Campaign,
  CampaignService,
} from '@conway/plugin-campaigns-common';
import { CampaignStore } from './CampaignStore';

const server = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD ?? '',
};
const dbName = `conway_campaigns_store_${process.pid}`;

const campaign: Campaign = {
  id: 'node-24',
  title: 'Node 24',
  description: '',
  target: {
    type: 'template-release',
    template: 'typescript-service',
    minVersion: '1.3.0',
  },
  deadline: '2027-01-31',
  status: 'active',
  createdBy: 'user:default/sre',
  createdAt: '2026-12-01T00:00:00.000Z',
};
const service = (name: string): CampaignService => ({
  entityRef: `component:default/${name}`,
  title: name,
  owner: 'group:default/team-a',
  ownerTitle: 'Team A',
  state: 'not-started',
  updatedAt: '2026-12-01T00:00:00.000Z',
});

async function exercise(knex: Knex) {
  const store = await CampaignStore.create({
    database: { getClient: async () => knex } as any,
  });
  await store.insertCampaign(campaign);
  await expect(store.insertCampaign(campaign)).rejects.toThrow(
    "Campaign 'node-24' already exists",
  );
  expect(await store.addServices('node-24', [service('a'), service('b')])).toBe(
    2,
  );
  // Adding again keeps the states already there.
  await store.replaceService('node-24', 'not-started', {
    ...service('a'),
    state: 'failed',
    error: 'x',
  });
  expect(await store.addServices('node-24', [service('a'), service('c')])).toBe(
    1,
  );
  expect(
    (await store.findService('node-24', 'component:default/a'))?.state,
  ).toBe('failed');
  // A step written only from the state it started from.
  expect(
    await store.replaceService('node-24', 'not-started', {
      ...service('a'),
      state: 'merged',
    }),
  ).toBe(false);
  expect(
    await store.replaceService('node-24', 'failed', {
      ...service('a'),
      state: 'merged',
    }),
  ).toBe(true);
  expect(
    (await store.listServices('node-24', ['merged'])).map(s => s.entityRef),
  ).toEqual(['component:default/a']);
  expect(
    await store.updateCampaign('node-24', {
      status: 'closed',
      closedAt: '2026-12-05T00:00:00.000Z',
    }),
  ).toMatchObject({
    status: 'closed',
    closedAt: '2026-12-05T00:00:00.000Z',
  });
  expect(await store.listCampaigns('active')).toEqual([]);
  await expect(store.getCampaign('nope')).rejects.toThrow(
    "No campaign with id 'nope'",
  );
}

describe('CampaignStore', () => {
  it('works on SQLite', async () => {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    try {
      await exercise(knex);
    } finally {
      await knex.destroy();
    }
  });

  it('works on PostgreSQL', async () => {
    const connect = (database: string) =>
      knexFactory({
        client: 'pg',
        connection: { ...server, database },
        pool: { min: 0, max: 2 },
      });
    const admin = connect('postgres');
    try {
      await admin.raw('select 1');
    } catch (error) {
      await admin.destroy();
      if (process.env.CI || process.env.CONWAY_STRICT) throw error;
      // eslint-disable-next-line no-console
      console.warn(
        `SKIPPED: no PostgreSQL at ${server.host}:${server.port} (${error}); CI always runs this test.`,
      );
      return;
    }
    await admin.raw(`drop database if exists "${dbName}" with (force)`);
    await admin.raw(`create database "${dbName}"`);
    const knex = connect(dbName);
    try {
      await exercise(knex);
    } finally {
      await knex.destroy();
      await admin.raw(`drop database if exists "${dbName}" with (force)`);
      await admin.destroy();
    }
  });
});
