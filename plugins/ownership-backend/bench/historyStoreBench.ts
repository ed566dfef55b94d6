/**
 * What storing a history run's states costs: a fleet run stages each
 * repository's new state as it is mined, then writes the run (states made
 * current and results) in one transaction. Measures that part alone, on
 * SQLite (a file, as a backend's embedded database) and on the machine's
 * PostgreSQL (a throwaway database), with states shaped like those of the
 * generated fleet (400 files, 40 authors, a year of weeks).
 *
 * Usage: node --import tsx plugins/ownership-backend/bench/historyStoreBench.ts
 *     [--states 1000] [--files 400] [--runs 3] [--databases sqlite,postgres]
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import knexFactory, { Knex } from 'knex';
import { HistoryAggregatorState } from '@conway/plugin-ownership-common';
import { HistoryResult, HistoryStore } from '../src/services/HistoryStore';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : process.argv[at + 1];
}

/** A state of the generated fleet's shape: `files` paths with 1–3 authors each, 52 weeks of 5 authors. */
function stateOf(i: number, files: number): HistoryAggregatorState {
  const author = (k: number) => `author-${k % 40}@example.com`;
  return {
    version: 2,
    optionsKey: '[365,"",[]]',
    lastSha: `${i.toString(16).padStart(8, '0')}${'0'.repeat(32)}`,
    maxTime: 1_764_000_000 + i,
    commitCount: 1000,
    authorNames: Array.from({ length: 40 }, (_, k) => [
      author(k),
      `Author ${k}`,
    ]),
    scopes: [
      {
        entityRef: `component:default/service-${i}`,
        pathPrefix: '',
        weeks: Array.from({ length: 52 }, (_, w) => [
          2900 + w,
          Array.from({ length: 5 }, (__, a) => [
            author(w + a),
            3,
            [[`dir-${(w + a) % 20}`, 42.5]],
          ]),
        ]),
      },
    ],
    files: Array.from({ length: files }, (_, f) => [
      `dir-${f % 20}/file-${f}.ts`,
      Array.from({ length: 1 + (f % 3) }, (__, a) => [author(f + a), 20 + a]),
    ]),
  };
}

const result = {
  report: { components: [], findings: [] },
  runs: [],
  withoutSourceLocation: [],
  groupRefs: [],
} as unknown as HistoryResult;

async function measure(knex: Knex, states: HistoryAggregatorState[]) {
  const store = await HistoryStore.create({
    database: { getClient: async () => knex } as any,
  });
  const run = await store.stateStore();
  const start = performance.now();
  // Two at a time, as the service mines.
  let next = 0;
  const worker = async () => {
    while (next < states.length) {
      const i = next++;
      await run.get(`dir:/fleet/r${i}#`);
      await run.set(`dir:/fleet/r${i}#`, states[i]);
    }
  };
  await Promise.all([worker(), worker()]);
  const staged = performance.now();
  await store.writeRun({
    startedAt: 'T0',
    completedAt: 'T1',
    states: run,
    result,
  });
  const written = performance.now();
  return { stageMs: staged - start, writeMs: written - staged };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const count = Number(option('states', '1000'));
  const files = Number(option('files', '400'));
  const runs = Number(option('runs', '3'));
  const databases = option('databases', 'sqlite,postgres').split(',');
  const states = Array.from({ length: count }, (_, i) => stateOf(i, files));
  const kb = JSON.stringify(states[0]).length / 1024;
  const rows: string[] = [];
  for (const database of databases) {
    const stage: number[] = [];
    const write: number[] = [];
    for (let r = 0; r < runs; r++) {
      let knex: Knex;
      let cleanup: () => Promise<void>;
      if (database === 'sqlite') {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-hsb-'));
        knex = knexFactory({
          client: 'better-sqlite3',
          connection: path.join(dir, 'history.sqlite'),
          useNullAsDefault: true,
        });
        cleanup = async () => {
          await knex.destroy();
          fs.rmSync(dir, { recursive: true, force: true });
        };
      } else {
        const server = {
          host: '127.0.0.1',
          port: 5432,
          user: 'postgres',
          password: '',
        };
        const name = `conway_history_store_bench_${process.pid}`;
        const admin = knexFactory({
          client: 'pg',
          connection: { ...server, database: 'postgres' },
        });
        await admin.raw(`drop database if exists "${name}" with (force)`);
        await admin.raw(`create database "${name}"`);
        knex = knexFactory({
          client: 'pg',
          connection: { ...server, database: name },
          pool: { min: 0, max: 4 },
        });
        cleanup = async () => {
          await knex.destroy();
          await admin.raw(`drop database if exists "${name}" with (force)`);
          await admin.destroy();
        };
      }
      try {
        const m = await measure(knex, states);
        stage.push(m.stageMs);
        write.push(m.writeMs);
      } finally {
        await cleanup();
      }
    }
    const s = median(stage);
    const w = median(write);
    rows.push(
      `| ${database} | ${(s / 1000).toFixed(2)} s | ${(w / 1000).toFixed(
        2,
      )} s | ${((s + w) / 1000).toFixed(2)} s | ${((s + w) / count).toFixed(
        2,
      )} ms |`,
    );
  }
  console.log(
    `${count} states of ${kb.toFixed(
      1,
    )} kB (JSON), staged two at a time, then one run written; medians of ${runs} fresh databases; load average ${os
      .loadavg()[0]
      .toFixed(1)}\n`,
  );
  console.log(
    '| Database | Staging the states | Writing the run | Sum of the two medians | Per state |',
  );
  console.log('|---|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
