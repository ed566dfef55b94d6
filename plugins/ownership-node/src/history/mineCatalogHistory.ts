import fs from 'fs';
import path from 'path';
import {
  analyzeHistory,
  HistoryOptions,
  HistoryReport,
  MinedRepository,
  OwnershipEntity,
  parseSourceLocation,
  SOURCE_LOCATION_ANNOTATION,
  UnavailableHistory,
  normalizeRef,
} from '@conway/plugin-ownership-common';
import { mineRepository, MinedHistory } from './mineRepository';
import { RepositoryCache } from './RepositoryCache';
import { HistoryStateStore } from './historyStateStore';

/** @public */
export interface MineCatalogHistoryOptions {
  entities: OwnershipEntity[];
  /** End of the window, epoch seconds; default now. */
  now?: number;
  options?: HistoryOptions;
  /** Directory `dir:` locations are relative to, per component; default the process's. */
  baseDirOf?: (entityRef: string) => string;
  /**
   * Turns a component's `dir:` target into the absolute directory to mine,
   * instead of `baseDirOf`; throws to refuse it (a directory outside the
   * places the caller may read): the component is then reported unavailable
   * with the error's message.
   */
  resolveDir?: (entityRef: string, target: string) => string;
  /** Needed for `url:` locations; without it they are reported unavailable. */
  cache?: RepositoryCache;
  stateStore?: HistoryStateStore;
  /** Repositories mined at the same time. Default 2. */
  concurrency?: number;
}

/** How one repository's mining went. @public */
export interface RepositoryRun {
  repository: string;
  entityRefs: string[];
  mode: MinedHistory['mode'] | 'failed';
  commitsRead: number;
  milliseconds: number;
}

/** @public */
export interface CatalogHistoryResult {
  report: HistoryReport;
  runs: RepositoryRun[];
  /** Components without a `backstage.io/source-location`: no history to mine. */
  withoutSourceLocation: string[];
}

interface RepositoryJob {
  key: string;
  /** As the annotation gave it, for the report. */
  repository: string;
  type: 'url' | 'dir';
  target: string;
  rev?: string;
  entityRefs: string[];
  pathPrefixes: string[];
}

/** The nearest directory at or above `dir` holding a repository (work tree or bare), if any. */
function repositoryRoot(dir: string): string | undefined {
  let current = dir;
  for (;;) {
    if (!fs.existsSync(current)) return undefined;
    if (
      fs.existsSync(path.join(current, '.git')) ||
      (fs.existsSync(path.join(current, 'HEAD')) &&
        fs.existsSync(path.join(current, 'objects')))
    ) {
      return current;
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function pool<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from(
    { length: Math.max(1, Math.min(limit, items.length)) },
    async () => {
      while (next < items.length) {
        const item = items[next++];
        await work(item);
      }
    },
  );
  await Promise.all(workers);
}

/**
 * Mines the repositories behind the catalog's components
 * (`backstage.io/source-location`) and analyses actual ownership. Components
 * sharing a repository are mined in one pass; a repository that cannot be
 * read is reported for each of its components and the rest analysed.
 *
 * @public
 */
export async function mineCatalogHistory(
  input: MineCatalogHistoryOptions,
): Promise<CatalogHistoryResult> {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const baseDirOf = input.baseDirOf ?? (() => process.cwd());
  const jobs = new Map<string, RepositoryJob>();
  const unavailable: UnavailableHistory[] = [];
  const withoutSourceLocation: string[] = [];
  for (const entity of input.entities) {
    if (
      typeof entity.kind !== 'string' ||
      entity.kind.toLowerCase() !== 'component'
    )
      continue;
    const metadata = entity.metadata ?? {};
    const ref = normalizeRef({
      kind: 'component',
      namespace: metadata.namespace,
      name: metadata.name,
    });
    if (!ref) continue;
    const annotations = metadata.annotations ?? {};
    const raw = Object.prototype.hasOwnProperty.call(
      annotations,
      SOURCE_LOCATION_ANNOTATION,
    )
      ? annotations[SOURCE_LOCATION_ANNOTATION]
      : undefined;
    if (typeof raw !== 'string') {
      withoutSourceLocation.push(ref);
      continue;
    }
    const location = parseSourceLocation(raw);
    if (!location) {
      unavailable.push({
        entityRef: ref,
        repository: raw,
        reason: `${SOURCE_LOCATION_ANNOTATION} '${raw}' is not a url: or dir: location the history can be read from`,
      });
      continue;
    }
    let target = location.target;
    let pathPrefix = location.pathPrefix;
    if (location.type === 'dir') {
      let dir: string;
      try {
        dir = input.resolveDir
          ? input.resolveDir(ref, location.target)
          : path.resolve(baseDirOf(ref), location.target);
      } catch (e) {
        unavailable.push({
          entityRef: ref,
          repository: raw,
          reason: e instanceof Error ? e.message : String(e),
        });
        continue;
      }
      // A directory inside a repository is that part of the repository's history.
      const root = repositoryRoot(dir);
      target = root ?? dir;
      pathPrefix = root
        ? path.relative(root, dir).split(path.sep).join('/')
        : '';
    }
    const key = `${location.type}:${target}#${location.ref ?? ''}`;
    let job = jobs.get(key);
    if (!job) {
      job = {
        key,
        repository: raw.replace(/\/\/[^/@]*@/, '//'),
        type: location.type,
        target,
        rev: location.ref,
        entityRefs: [],
        pathPrefixes: [],
      };
      jobs.set(key, job);
    }
    job.entityRefs.push(ref);
    job.pathPrefixes.push(pathPrefix);
  }

  const repositories: MinedRepository[] = [];
  const runs: RepositoryRun[] = [];
  await pool([...jobs.values()], input.concurrency ?? 2, async job => {
    const started = process.hrtime.bigint();
    const scopes = job.entityRefs.map((entityRef, i) => ({
      entityRef,
      pathPrefix: job.pathPrefixes[i],
    }));
    try {
      let dir = job.target;
      if (job.type === 'url') {
        if (!input.cache) {
          throw new Error('remote repositories need a clone cache directory');
        }
        dir = await input.cache.ensure(job.target);
      } else if (!fs.existsSync(dir)) {
        throw new Error(`directory ${dir} does not exist`);
      }
      const previous = await input.stateStore?.get(job.key);
      const mined = await mineRepository({
        dir,
        scopes,
        options: input.options,
        previous,
        rev: job.rev,
      });
      if (mined.mode !== 'unchanged') {
        await input.stateStore?.set(job.key, mined.aggregator.toState());
      }
      repositories.push({
        repository: job.repository,
        // Only the windows, all the analysis reads: the aggregator, with every
        // file's line-survival model, is several times larger, and a fleet's
        // aggregators were all held until the analysis.
        aggregator: mined.aggregator.windowsAt(now),
        entityRefs: job.entityRefs,
        pathPrefixes: job.pathPrefixes,
        problems: mined.problems,
      });
      runs.push({
        repository: job.repository,
        entityRefs: job.entityRefs,
        mode: mined.mode,
        commitsRead: mined.commitsRead,
        milliseconds: Number(process.hrtime.bigint() - started) / 1e6,
      });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      for (const entityRef of job.entityRefs) {
        unavailable.push({ entityRef, repository: job.repository, reason });
      }
      runs.push({
        repository: job.repository,
        entityRefs: job.entityRefs,
        mode: 'failed',
        commitsRead: 0,
        milliseconds: Number(process.hrtime.bigint() - started) / 1e6,
      });
    }
  });
  repositories.sort((a, b) => a.repository.localeCompare(b.repository));
  runs.sort((a, b) => a.repository.localeCompare(b.repository));
  const report = analyzeHistory({
    entities: input.entities,
    repositories,
    unavailable,
    now,
    options: input.options,
  });
  return { report, runs, withoutSourceLocation: withoutSourceLocation.sort() };
}
