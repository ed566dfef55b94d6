import path from 'path';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError, stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ComponentHistoryReport,
  ComponentHistoryResponse,
  HistoryRunStamp,
  OwnershipHistoryResponse,
  TeamComponentHistory,
  TeamHistoryResponse,
  refKey,
} from '@conway/plugin-ownership-common';
import {
  ensureExampleRepositories,
  mineCatalogHistory,
} from '@conway/plugin-ownership-node';
import { HistorySettings } from './historyConfig';
import {
  entityRefOf,
  HostLimitedRepositoryCache,
  loadHistoryEntities,
  prepareHistorySources,
} from './historySources';
import { HistoryStore, StoredHistory } from './HistoryStore';

export interface HistoryServiceOptions {
  store?: HistoryStore;
  settings: HistorySettings;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** Entities per catalog page. */
  pageSize: number;
  /** Absolute directory of the golden paths' local repositories, when configured. */
  localRepositories?: string;
}

/** What a run did: its id, or why it wrote nothing. */
export type HistoryRunOutcome =
  | { runId: number; components: number; findings: number }
  | { skipped: string };

/**
 * Actual ownership from git history as the API serves it. {@link HistoryService.run}
 * (the scheduled task, on one replica at a time) reads the catalog, mines the
 * repositories incrementally and stores the results; every request reads the
 * latest stored results, so all replicas answer alike and no request ever
 * waits for mining.
 */
export class HistoryService {
  readonly #options: HistoryServiceOptions;
  /** The parsed results of the latest run this process read, by run id. */
  #cached: StoredHistory | undefined;
  readonly #createdAt = Date.now();
  /** Ends the wait of a run waiting for the initial delay, when one waits in this process. */
  #wake: (() => void) | undefined;

  static create(options: HistoryServiceOptions): HistoryService {
    return new HistoryService(options);
  }

  private constructor(options: HistoryServiceOptions) {
    this.#options = options;
  }

  get enabled(): boolean {
    return this.#options.settings.enabled && !!this.#options.store;
  }

  /**
   * Waits until `initialDelaySeconds` after this process started (so that the
   * catalog can fill first), unless {@link HistoryService.wake} or `signal`
   * ends the wait. The wait is inside the scheduled run rather than the
   * scheduler's `initialDelay`, during which a triggered run would not start.
   *
   * @returns false when `signal` was aborted.
   */
  async waitForInitialDelay(signal?: AbortSignal): Promise<boolean> {
    const remaining =
      this.#createdAt +
      this.#options.settings.initialDelaySeconds * 1000 -
      Date.now();
    if (remaining > 0 && !signal?.aborted) {
      await new Promise<void>(resolve => {
        const timer = {
          id: undefined as ReturnType<typeof setTimeout> | undefined,
        };
        const done = () => {
          clearTimeout(timer.id);
          signal?.removeEventListener('abort', done);
          this.#wake = undefined;
          resolve();
        };
        timer.id = setTimeout(done, remaining);
        signal?.addEventListener('abort', done);
        this.#wake = done;
      });
    }
    return !signal?.aborted;
  }

  /** Starts a run waiting for the initial delay in this process now; false when none waits here. */
  wake(): boolean {
    if (!this.#wake) return false;
    this.#wake();
    return true;
  }

  /** Mines every component's repository and stores the results (states and report in one transaction). */
  async run(now = new Date()): Promise<HistoryRunOutcome> {
    const { settings, store, logger } = this.#options;
    if (!settings.enabled || !store) return { skipped: 'disabled' };
    const started = Date.now();
    const startedAt = now.toISOString();
    logger.info('Ownership history: run started');
    const entities = await loadHistoryEntities({
      catalog: this.#options.catalog,
      credentials: await this.#options.auth.getOwnServiceCredentials(),
      pageSize: this.#options.pageSize,
    });
    if (!entities.some(e => e.kind.toLowerCase() === 'component')) {
      // A first start reads an empty catalog: wait for it rather than serve nothing for an interval.
      return { skipped: 'the catalog has no components yet' };
    }

    let examples: Map<string, string> | undefined;
    if (settings.exampleRepositories) {
      try {
        const made = await ensureExampleRepositories({
          descriptionFile: settings.exampleRepositories,
          directory: path.join(settings.cacheDirectory, 'example-repositories'),
          now: Math.floor(now.getTime() / 1000),
        });
        if (made.generated) {
          logger.info(
            `Ownership history: made ${made.byEntityRef.size} example repositories in ${made.directory}`,
          );
        }
        examples = made.byEntityRef;
      } catch (error) {
        logger.warn(
          `Ownership history: no example repositories: ${stringifyError(
            error,
          )}`,
        );
      }
    }

    const sources = prepareHistorySources(entities, {
      localRepositories: this.#options.localRepositories,
      examples,
      directories: settings.directories,
    });
    const states = await store.stateStore();
    const mined = await mineCatalogHistory({
      entities: sources.entities,
      now: Math.floor(now.getTime() / 1000),
      options: settings.options,
      resolveDir: sources.resolveDir,
      cache: new HostLimitedRepositoryCache({
        dir: path.join(settings.cacheDirectory, 'clones'),
        maxBytes: settings.cacheMaxBytes,
        allowedHosts: settings.allowedHosts,
      }),
      stateStore: states,
      concurrency: settings.concurrency,
    });
    const groupRefs = entities
      .filter(e => e.kind.toLowerCase() === 'group')
      .map(entityRefOf)
      .sort();
    const runId = await store.writeRun({
      startedAt,
      completedAt: new Date(now.getTime() + Date.now() - started).toISOString(),
      states,
      result: {
        report: mined.report,
        runs: mined.runs,
        withoutSourceLocation: mined.withoutSourceLocation,
        groupRefs,
      },
    });
    const by = (mode: string) => mined.runs.filter(r => r.mode === mode).length;
    logger.info(
      `Ownership history: run ${runId} completed in ${
        Date.now() - started
      } ms: ${mined.runs.length} repositories (${by('full')} full, ${by(
        'incremental',
      )} incremental, ${by('unchanged')} unchanged, ${by('failed')} failed), ${
        mined.report.components.length
      } components, ${mined.report.findings.length} findings`,
    );
    return {
      runId,
      components: mined.report.components.length,
      findings: mined.report.findings.length,
    };
  }

  /** Where the stored results stand, without reading them. */
  async status(): Promise<HistoryRunStamp> {
    if (!this.enabled) return { state: 'disabled' };
    const latest = await this.#options.store!.latestRun();
    return latest
      ? { state: 'ready', completedAt: latest.completedAt }
      : { state: 'pending' };
  }

  /** `GET /history`. */
  async fleet(): Promise<OwnershipHistoryResponse> {
    const current = await this.#current();
    if (!current) return this.#stamp();
    const { result } = current;
    return {
      ...this.#stamp(current),
      report: result.report,
      runs: result.runs,
      withoutSourceLocation: result.withoutSourceLocation,
    };
  }

  /** `GET /history/components/:namespace/:name`. @throws NotFoundError for a component the run did not see */
  async component(ref: string): Promise<ComponentHistoryResponse> {
    const current = await this.#current();
    const empty = { findings: [], coordination: [], titles: {} };
    if (!current) return { ...this.#stamp(), ...empty };
    const { report, withoutSourceLocation } = current.result;
    const key = refKey(ref);
    const component = report.components.find(c => refKey(c.entityRef) === key);
    const unavailable = report.unavailable.find(
      u => refKey(u.entityRef) === key,
    );
    let reason: string | undefined;
    if (unavailable) {
      reason = `The history of ${unavailable.repository} could not be read: ${unavailable.reason}`;
    } else if (withoutSourceLocation.some(r => refKey(r) === key)) {
      reason =
        'The component has no backstage.io/source-location annotation: there is no repository to read its history from';
    } else if (!component) {
      throw new NotFoundError(`No component found with ref '${ref}'`);
    }
    return {
      ...this.#stamp(current),
      ...(component ? { component } : {}),
      ...(reason ? { reason } : {}),
      findings: report.findings.filter(
        f =>
          refKey(f.entityRef) === key ||
          (f.relatedRefs ?? []).some(r => refKey(r) === key),
      ),
      coordination: report.coordination.filter(p =>
        p.components.some(c => refKey(c.entityRef) === key),
      ),
      titles: report.titles,
    };
  }

  /** `GET /history/teams/:namespace/:name`. @throws NotFoundError for a group the run did not see */
  async team(ref: string): Promise<TeamHistoryResponse> {
    const current = await this.#current();
    const empty = {
      declared: [],
      actuallyChanged: [],
      coordination: [],
      findings: [],
      titles: {},
    };
    if (!current) return { ...this.#stamp(), ...empty };
    const { report, groupRefs } = current.result;
    const key = refKey(ref);
    if (!groupRefs.some(g => refKey(g) === key)) {
      throw new NotFoundError(`No group found with ref '${ref}'`);
    }
    const is = (r: string | null) => r !== null && refKey(r) === key;
    const row = (c: ComponentHistoryReport): TeamComponentHistory => {
      const share = c.teamShares.find(t => is(t.teamRef));
      return {
        entityRef: c.entityRef,
        declaredOwnerRef: c.declaredOwnerRef,
        actualTeamRef: c.actualTeamRef,
        teamShare: share?.share ?? 0,
        commits: share?.commits ?? 0,
      };
    };
    const declared = report.components.filter(c => is(c.declaredOwnerRef));
    const actuallyChanged = report.components.filter(
      c => is(c.actualTeamRef) && !is(c.declaredOwnerRef),
    );
    const componentKeys = new Set(
      [...declared, ...actuallyChanged].map(c => refKey(c.entityRef)),
    );
    const coordination = report.coordination.filter(
      p => is(p.teamA) || is(p.teamB),
    );
    return {
      ...this.#stamp(current),
      declared: declared.map(row),
      actuallyChanged: actuallyChanged.map(row),
      coordination,
      findings: report.findings.filter(
        f =>
          componentKeys.has(refKey(f.entityRef)) ||
          (f.type === 'team-coordination' &&
            [f.teamRef, ...(f.relatedRefs ?? [])].some(
              r => r !== undefined && is(r),
            )),
      ),
      titles: report.titles,
    };
  }

  #stamp(current?: StoredHistory): HistoryRunStamp {
    if (!this.enabled) return { state: 'disabled' };
    return current
      ? {
          state: 'ready',
          completedAt: current.completedAt,
          windowDays: current.result.report.options.windowDays,
        }
      : { state: 'pending' };
  }

  /** The latest stored results: one small query, and the large one only when a newer run completed. */
  async #current(): Promise<StoredHistory | undefined> {
    const store = this.#options.store;
    if (!this.enabled || !store) return undefined;
    const latest = await store.latestRun();
    if (!latest) return undefined;
    if (this.#cached?.runId !== latest.runId) {
      this.#cached = await store.latest();
    }
    return this.#cached;
  }
}
