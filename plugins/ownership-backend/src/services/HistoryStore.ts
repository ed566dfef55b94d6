import { createHash, randomUUID } from 'crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  HistoryAggregatorState,
  HistoryReport,
  HistoryRepositoryRun,
} from '@conway/plugin-ownership-common';
import { HistoryStateStore } from '@conway/plugin-ownership-node';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@conway/plugin-ownership-backend',
  'migrations',
);

/** Completed runs kept in `ownership_history_runs`; older rows go. */
const KEPT_RUNS = 100;

/** What a run found, as stored and served. */
export interface HistoryResult {
  report: HistoryReport;
  runs: HistoryRepositoryRun[];
  withoutSourceLocation: string[];
  /** Every group of the catalog at the time of the run: the teams the API knows. */
  groupRefs: string[];
}

/** The results of the latest completed run. */
export interface StoredHistory {
  runId: number;
  completedAt: string;
  result: HistoryResult;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * States staged per insert by {@link RunStateStore}. One insert per state,
 * each its own transaction, made a 1,000-repository run slower than keeping
 * the states in memory had been.
 */
const STATES_PER_BATCH = 50;

/** Characters of serialised states a run holds before staging them, whatever their count. */
const MAX_PENDING_CHARS = 8 * 1024 * 1024;

/**
 * The state store one run mines with: reads the states of the previous run
 * from the database and stages the new ones in their own table, not in
 * memory, where a fleet's states grew with the fleet until the run ended. It
 * collects them serialised and stages each batch in one insert, batches one
 * after another; the caller whose state fills a batch waits for it, so about
 * one batch per repository mined at once is held. {@link HistoryStore.writeRun}
 * stages the rest and makes them current together with the results. After a
 * failed insert every later one fails too, and so does `writeRun`: the run
 * fails and nothing of it becomes current.
 */
export class RunStateStore implements HistoryStateStore {
  /** Identifies this run's staged rows. */
  readonly token = randomUUID();
  /** Keys this run set a state for (staged, being staged, or pending). */
  readonly staged = new Set<string>();
  readonly read = new Set<string>();
  /** Key → serialised state, not staged yet. */
  #pending = new Map<string, string>();
  #pendingChars = 0;
  /** Batches are staged one after another; reads of staged states wait for them. */
  #staging: Promise<void> = Promise.resolve();

  constructor(private readonly db: Knex) {}

  async get(key: string): Promise<HistoryAggregatorState | undefined> {
    this.read.add(key);
    const held = this.#pending.get(key);
    if (held !== undefined) return JSON.parse(held) as HistoryAggregatorState;
    const staged = this.staged.has(key);
    // A state this run staged may still be on its way; other reads need not wait.
    if (staged) await this.#staging;
    const row = staged
      ? await this.db('ownership_history_state_staged')
          .where({ run_token: this.token, key_hash: hashKey(key) })
          .first('repository_key', 'state')
      : await this.db('ownership_history_state')
          .where({ key_hash: hashKey(key) })
          .first('repository_key', 'state');
    // A hash collision would hand over another repository's state: refuse it.
    return row && row.repository_key === key
      ? (JSON.parse(row.state) as HistoryAggregatorState)
      : undefined;
  }

  async set(key: string, state: HistoryAggregatorState): Promise<void> {
    const json = JSON.stringify(state);
    this.#pendingChars += json.length - (this.#pending.get(key)?.length ?? 0);
    this.#pending.set(key, json);
    this.staged.add(key);
    if (
      this.#pending.size >= STATES_PER_BATCH ||
      this.#pendingChars >= MAX_PENDING_CHARS
    ) {
      await this.flush();
    }
  }

  /** Stages what this store holds, in one insert, after any batch before it. */
  flush(): Promise<void> {
    if (this.#pending.size === 0) return this.#staging;
    const rows = [...this.#pending].map(([key, state]) => ({
      run_token: this.token,
      key_hash: hashKey(key),
      repository_key: key,
      state,
    }));
    this.#pending = new Map();
    this.#pendingChars = 0;
    const insert = () =>
      this.db('ownership_history_state_staged')
        .insert(rows)
        .onConflict(['run_token', 'key_hash'])
        .merge()
        .then(() => undefined);
    this.#staging = this.#staging.then(insert);
    return this.#staging;
  }
}

/**
 * The history's tables in the plugin's database: the incremental state per
 * repository, the completed runs, and the latest results. A run is written
 * in one transaction, so a replica killed mid-run leaves the previous
 * results and states as they were, and the next run starts from them.
 */
export class HistoryStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<HistoryStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new HistoryStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * A state store for one run: what it is given is staged, and current only
   * after {@link HistoryStore.writeRun}. Removes what earlier runs staged and
   * never committed (they failed or their replica died): the scheduler runs
   * one history run at a time.
   */
  async stateStore(): Promise<RunStateStore> {
    await this.db('ownership_history_state_staged').delete();
    return new RunStateStore(this.db);
  }

  /**
   * Writes the run's states and results at once. States of repositories
   * the run did not read (no component names them any more) are removed.
   */
  async writeRun(run: {
    startedAt: string;
    completedAt: string;
    states: RunStateStore;
    result: HistoryResult;
  }): Promise<number> {
    const { result } = run;
    const payload = JSON.stringify(result);
    const { token } = run.states;
    await run.states.flush();
    return this.db.transaction(async trx => {
      // One statement the database runs itself: no state passes through the replica.
      // (The upsert syntax is the same in SQLite and PostgreSQL.)
      await trx.raw(
        `insert into ?? (key_hash, repository_key, state, updated_at)
         select key_hash, repository_key, state, cast(? as varchar(32)) from ?? where run_token = ?
         on conflict (key_hash) do update set repository_key = excluded.repository_key,
           state = excluded.state, updated_at = excluded.updated_at`,
        [
          'ownership_history_state',
          run.completedAt,
          'ownership_history_state_staged',
          token,
        ],
      );
      await trx('ownership_history_state_staged')
        .where({ run_token: token })
        .delete();
      const kept = new Set(
        [...run.states.read, ...run.states.staged].map(hashKey),
      );
      const stale = (
        await trx('ownership_history_state').select('key_hash')
      ).filter(r => !kept.has(r.key_hash));
      for (const r of stale) {
        await trx('ownership_history_state')
          .where({ key_hash: r.key_hash })
          .delete();
      }

      const [inserted] = await trx('ownership_history_runs')
        .insert({
          started_at: run.startedAt,
          completed_at: run.completedAt,
          repository_count: result.runs.length,
          component_count: result.report.components.length,
          finding_count: result.report.findings.length,
        })
        .returning('id');
      const runId = Number(
        typeof inserted === 'object' ? inserted.id : inserted,
      );
      await trx('ownership_history_result')
        .insert({
          id: 1,
          run_id: runId,
          completed_at: run.completedAt,
          payload,
        })
        .onConflict('id')
        .merge();
      await trx('ownership_history_runs')
        .where('id', '<=', runId - KEPT_RUNS)
        .delete();
      return runId;
    });
  }

  /** Id and time of the latest completed run, without its (large) results. */
  async latestRun(): Promise<
    { runId: number; completedAt: string } | undefined
  > {
    const row = await this.db('ownership_history_result')
      .where({ id: 1 })
      .first('run_id', 'completed_at');
    return row
      ? { runId: Number(row.run_id), completedAt: row.completed_at }
      : undefined;
  }

  /** The latest results, or undefined before the first completed run. */
  async latest(): Promise<StoredHistory | undefined> {
    const row = await this.db('ownership_history_result')
      .where({ id: 1 })
      .first('run_id', 'completed_at', 'payload');
    return row
      ? {
          runId: Number(row.run_id),
          completedAt: row.completed_at,
          result: JSON.parse(row.payload) as HistoryResult,
        }
      : undefined;
  }
}
