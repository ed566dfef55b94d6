import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { Rollup, rollUp, RollupScopeKind } from './rollups';
import type { ServiceResult } from '@conway/plugin-scorecards-common';

const migrationsDir = resolvePackagePath(
  '@conway/plugin-scorecards-backend',
  'migrations',
);

/** Rows per insert statement: well under SQLite's limit of bound variables. */
const BATCH = 100;

/** How a run was started. */
export type RunTrigger = 'full' | 'changed' | 'entity';

/** One stored run. */
export interface RunRecord {
  id: number;
  trigger: RunTrigger;
  startedAt: string;
  finishedAt: string;
  serviceCount: number;
  definitionsHash: string;
}

/** What a run evaluated for one service. */
export interface EvaluatedService {
  /** The result without its run id, which the store assigns. */
  result: Omit<ServiceResult, 'runId'>;
  /** The catalog etag the result was made from. */
  etag: string;
}

/** A run to store as a whole. */
export interface RunToWrite {
  trigger: RunTrigger;
  startedAt: string;
  definitionsHash: string;
  services: EvaluatedService[];
  /** Services no longer in the catalog: their current result goes (their history stays). */
  removedRefs?: string[];
  /** A full run replaces every current result: services it did not evaluate go. */
  replaceAll?: boolean;
}

/** A stored roll-up, one per scope, scorecard and day. */
export interface StoredRollup extends Rollup {
  day: string;
  runId: number;
}

/**
 * The plugin's database: runs, every result each run wrote (history), the
 * latest result of every service, and the daily roll-ups. A run is written in
 * one transaction, so a replica killed mid-run leaves nothing of it.
 */
export class ScorecardStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<ScorecardStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new ScorecardStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /** Writes a run, its results, the current results and today's roll-ups at once. */
  async writeRun(run: RunToWrite, now = new Date()): Promise<RunRecord> {
    return this.db.transaction(async trx => {
      const finishedAt = now.toISOString();
      const [inserted] = await trx('scorecard_runs')
        .insert({
          trigger: run.trigger,
          started_at: run.startedAt,
          finished_at: finishedAt,
          service_count: run.services.length,
          definitions_hash: run.definitionsHash,
        })
        .returning('id');
      const runId = Number(
        typeof inserted === 'object' ? inserted.id : inserted,
      );

      const rows = run.services.map(({ result, etag }) => {
        const payload = JSON.stringify({ ...result, runId });
        return {
          entity_ref: result.entityRef,
          etag,
          team_ref: result.team?.ref ?? null,
          payload,
        };
      });
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH);
        await trx('scorecard_results').insert(
          batch.map(r => ({
            run_id: runId,
            entity_ref: r.entity_ref,
            payload: r.payload,
          })),
        );
        await trx('scorecard_current')
          .insert(batch.map(r => ({ ...r, run_id: runId })))
          .onConflict('entity_ref')
          .merge();
      }
      if (run.replaceAll) {
        const kept = new Set(rows.map(r => r.entity_ref));
        const stale = (
          await trx('scorecard_current').select('entity_ref')
        ).filter(r => !kept.has(r.entity_ref));
        await deleteCurrent(
          trx,
          stale.map(r => r.entity_ref),
        );
      }
      await deleteCurrent(trx, run.removedRefs ?? []);

      const current = (
        await trx('scorecard_current').select('payload')
      ).map(r => JSON.parse(r.payload) as ServiceResult);
      const day = finishedAt.slice(0, 10);
      await trx('scorecard_rollups').where({ day }).delete();
      const rollups = rollUp(current).map(r => ({
        day,
        run_id: runId,
        scope_kind: r.scopeKind,
        scope_ref: r.scopeRef,
        scorecard_id: r.scorecardId,
        service_count: r.serviceCount,
        passed_checks: r.passedChecks,
        evaluated_checks: r.evaluatedChecks,
        level_counts: JSON.stringify(r.levelCounts),
      }));
      for (let i = 0; i < rollups.length; i += BATCH) {
        await trx('scorecard_rollups').insert(rollups.slice(i, i + BATCH));
      }
      return {
        id: runId,
        trigger: run.trigger,
        startedAt: run.startedAt,
        finishedAt,
        serviceCount: run.services.length,
        definitionsHash: run.definitionsHash,
      };
    });
  }

  /** The newest run, or undefined before the first. */
  async latestRun(): Promise<RunRecord | undefined> {
    const row = await this.db('scorecard_runs').orderBy('id', 'desc').first();
    return row ? toRun(row) : undefined;
  }

  /** The newest runs, newest first. */
  async runs(limit: number): Promise<RunRecord[]> {
    const rows = await this.db('scorecard_runs')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(toRun);
  }

  /** The latest result of every service. */
  async currentResults(): Promise<ServiceResult[]> {
    const rows = await this.db('scorecard_current')
      .select('payload')
      .orderBy('entity_ref');
    return rows.map(r => JSON.parse(r.payload) as ServiceResult);
  }

  /** The catalog etag each current result was made from. */
  async currentEtags(): Promise<Map<string, string>> {
    const rows = await this.db('scorecard_current').select(
      'entity_ref',
      'etag',
    );
    return new Map(rows.map(r => [r.entity_ref as string, r.etag as string]));
  }

  /** Earlier results of one service, newest first. */
  async history(entityRef: string, limit: number): Promise<ServiceResult[]> {
    const rows = await this.db('scorecard_results')
      .where({ entity_ref: entityRef })
      .orderBy('run_id', 'desc')
      .limit(limit)
      .select('payload');
    return rows.map(r => JSON.parse(r.payload) as ServiceResult);
  }

  /** Roll-ups from `sinceDay` on (YYYY-MM-DD), oldest first. */
  async rollups(options: {
    sinceDay: string;
    scopeKind?: RollupScopeKind;
  }): Promise<StoredRollup[]> {
    const query = this.db('scorecard_rollups')
      .where('day', '>=', options.sinceDay)
      .orderBy(['day', 'scope_ref', 'scorecard_id']);
    if (options.scopeKind) query.where({ scope_kind: options.scopeKind });
    const rows = await query;
    return rows.map(r => ({
      day: r.day,
      runId: Number(r.run_id),
      scopeKind: r.scope_kind,
      scopeRef: r.scope_ref,
      scorecardId: r.scorecard_id,
      serviceCount: Number(r.service_count),
      passedChecks: Number(r.passed_checks),
      evaluatedChecks: Number(r.evaluated_checks),
      levelCounts: JSON.parse(r.level_counts),
    }));
  }
}

async function deleteCurrent(trx: Knex.Transaction, refs: string[]) {
  for (let i = 0; i < refs.length; i += BATCH) {
    await trx('scorecard_current')
      .whereIn('entity_ref', refs.slice(i, i + BATCH))
      .delete();
  }
}

function toRun(row: Record<string, unknown>): RunRecord {
  return {
    id: Number(row.id),
    trigger: row.trigger as RunTrigger,
    startedAt: String(row.started_at),
    finishedAt: String(row.finished_at),
    serviceCount: Number(row.service_count),
    definitionsHash: String(row.definitions_hash),
  };
}
