import knexFactory, { Knex } from 'knex';
import { HistoryAggregatorState } from '@conway/plugin-ownership-common';
import { HistoryResult, HistoryStore } from './HistoryStore';

function state(commitCount: number): HistoryAggregatorState {
  return {
    version: 2,
    optionsKey: '[]',
    lastSha: `sha${commitCount}`,
    maxTime: 0,
    commitCount,
    authorNames: [],
    scopes: [],
    files: [],
  };
}

/** The least a run can write; the store reads only these counts of it. */
const result = {
  report: { components: [], findings: [] },
  runs: [],
  withoutSourceLocation: [],
  groupRefs: [],
} as unknown as HistoryResult;

const run = { startedAt: '2026-12-05T18:00:00Z', result };

describe('HistoryStore', () => {
  let knex: Knex;
  let store: HistoryStore;

  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    store = await HistoryStore.create({
      database: { getClient: async () => knex } as any,
    });
  });

  afterEach(() => knex.destroy());

  it('stages states during a run, in batches, and makes them current only when the run is written', async () => {
    const states = await store.stateStore();
    const keys = Array.from({ length: 120 }, (_, i) => `dir:/repos/r${i}#`);
    for (const [i, key] of keys.entries()) {
      await states.set(key, state(i));
    }
    // Staged in batches of 50: two batches in the table, the last 20 held until the run is written.
    expect(
      await knex('ownership_history_state_staged').count({ n: '*' }),
    ).toEqual([{ n: 100 }]);
    // Read back by the run that staged them, staged or held, and not current yet.
    expect((await states.get(keys[7]))?.commitCount).toBe(7);
    expect((await states.get(keys[110]))?.commitCount).toBe(110);
    expect(await knex('ownership_history_state').count({ n: '*' })).toEqual([
      { n: 0 },
    ]);

    await store.writeRun({ ...run, completedAt: 'T1', states });
    const rows = await knex('ownership_history_state').select();
    expect(rows).toHaveLength(120);
    expect(
      Object.fromEntries(
        rows.map(r => [r.repository_key, JSON.parse(r.state).commitCount]),
      ),
    ).toEqual(Object.fromEntries(keys.map((k, i) => [k, i])));
    expect(await knex('ownership_history_state_staged').select()).toEqual([]);

    // The next run reads ten and replaces one: the rest (no component names them any more) go.
    const next = await store.stateStore();
    for (const key of keys.slice(0, 10)) {
      expect((await next.get(key))?.lastSha).toMatch(/^sha/);
    }
    await next.set(keys[3], state(1000));
    await store.writeRun({ ...run, completedAt: 'T2', states: next });
    const kept = await knex('ownership_history_state')
      .orderBy('repository_key')
      .select('repository_key', 'state', 'updated_at');
    expect(kept.map(r => r.repository_key).sort()).toEqual(
      keys.slice(0, 10).sort(),
    );
    const third = kept.find(r => r.repository_key === keys[3])!;
    expect([JSON.parse(third.state).commitCount, third.updated_at]).toEqual([
      1000,
      'T2',
    ]);
  });

  it('drops what a run that never completed staged when the next run starts', async () => {
    const failed = await store.stateStore();
    const keys = Array.from({ length: 51 }, (_, i) => `dir:/repos/f${i}#`);
    for (const [i, key] of keys.entries()) await failed.set(key, state(i));
    // One batch staged, one state held in memory (gone with the run).
    expect(await knex('ownership_history_state_staged').select()).toHaveLength(
      50,
    );
    const next = await store.stateStore();
    expect(await knex('ownership_history_state_staged').select()).toEqual([]);
    // The failed run's states never became current.
    expect(await next.get(keys[0])).toBeUndefined();
    expect(await next.get(keys[50])).toBeUndefined();
  });

  it('stages a state of over 8 M characters at once', async () => {
    const states = await store.stateStore();
    const big = {
      ...state(1),
      files: [['big.ts', [['a'.repeat(8 * 1024 * 1024), 1]]]],
    } as HistoryAggregatorState;
    await states.set('dir:/repos/big#', big);
    expect(await knex('ownership_history_state_staged').select()).toHaveLength(
      1,
    );
  });

  it('fails the run, leaving the current states, when staging fails', async () => {
    const first = await store.stateStore();
    await first.set('dir:/repos/a#', state(1));
    await store.writeRun({ ...run, completedAt: 'T1', states: first });
    const current = await knex('ownership_history_state').select();

    const failing = await store.stateStore();
    await knex.schema.renameTable(
      'ownership_history_state_staged',
      'staged_away',
    );
    const keys = Array.from({ length: 50 }, (_, i) => `dir:/repos/s${i}#`);
    const outcomes = [];
    for (const key of keys) {
      outcomes.push(await failing.set(key, state(2)).catch(e => e));
    }
    // The 50th state's insert fails, and with it the run's end.
    expect(String(outcomes[49])).toMatch(/ownership_history_state_staged/);
    // better-sqlite3's errors come from another realm than the test's: compare the message.
    const ended = await store
      .writeRun({ ...run, completedAt: 'T2', states: failing })
      .then(
        () => 'written',
        error => String(error?.message),
      );
    expect(ended).toMatch(/ownership_history_state_staged/);
    await knex.schema.renameTable(
      'staged_away',
      'ownership_history_state_staged',
    );
    expect(await knex('ownership_history_state').select()).toEqual(current);
    // States the failed run did not stage are still read from the current table.
    expect((await failing.get('dir:/repos/a#'))?.commitCount).toBe(1);
  });
});
