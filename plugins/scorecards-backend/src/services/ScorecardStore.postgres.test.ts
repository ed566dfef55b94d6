/*
 * The store on the machine's PostgreSQL (127.0.0.1:5432, trust auth), in a
 * throwaway database this test creates and drops. Skipped with a message when
 * no server answers, except in CI.
 */
import knexFactory, { Knex } from 'knex';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { withChangedSpec } from '@conway/plugin-ownership-node/testUtils';
import { createFixture } from '../__testUtils__/fixtures';
import { ScorecardService } from './ScorecardService';
import { ScorecardStore } from './ScorecardStore';

// A loaded 2-core CI machine: migrations and the example org take seconds.
jest.setTimeout(60_000);

const server = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD ?? '',
};
const dbName = `conway_scorecards_store_${process.pid}`;

function connect(database: string): Knex {
  return knexFactory({
    client: 'pg',
    connection: { ...server, database },
    pool: { min: 0, max: 4 },
  });
}

describe('ScorecardStore on PostgreSQL', () => {
  let admin: Knex;
  let knex: Knex | undefined;

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
  });

  afterAll(async () => {
    if (!knex) return;
    await knex.destroy();
    await admin.raw(`drop database if exists "${dbName}" with (force)`);
    await admin.destroy();
  });

  it('stores runs with history and roll-ups, and rolls back a failed run', async () => {
    if (!knex) return;
    const database = { getClient: async () => knex! };
    const f = await createFixture({ database });
    const { run } = await f.evaluator.evaluateFleet();
    expect(run?.id).toBe(1);

    const ref = 'component:default/checkout-service';
    f.setEntities(withChangedSpec(f.entities(), ref, { system: undefined }));
    const changed = await f.evaluator.evaluateChanged();
    expect(changed.run).toMatchObject({ trigger: 'changed', serviceCount: 1 });
    expect((await f.store.history(ref, 5)).map(h => h.scorecards[0].level)).toEqual([null, 'bronze']);

    // A second replica's store on the same database serves the same results.
    const other = ScorecardService.create({ store: await ScorecardStore.create({ database }) });
    const overview = await other.overview();
    const services = f.entities().filter(e => e.kind === 'Component' && e.spec?.type === 'service');
    expect(overview.serviceCount).toBe(services.length);
    expect(overview.trends).toHaveLength(1);
    expect((await other.entity(ref)).scorecards[0].level).toBeNull();

    const runsBefore = await f.store.runs(10);
    await expect(
      f.store.writeRun({
        trigger: 'full',
        startedAt: new Date().toISOString(),
        definitionsHash: 'v1',
        services: [
          { result: (await f.store.currentResults())[0], etag: 'a' },
          // Longer than the column: PostgreSQL refuses it mid-run.
          {
            result: { entityRef: `component:default/${'x'.repeat(300)}`, title: 'x', evaluatedAt: '', scorecards: [] },
            etag: 'b',
          },
        ],
        replaceAll: true,
      }),
    ).rejects.toThrow();
    expect(await f.store.runs(10)).toEqual(runsBefore);
    expect((await f.store.currentResults()).map(r => r.entityRef).sort()).toEqual(
      services.map(stringifyEntityRef).sort(),
    );
  });
});
