import {
  createPathFilter,
  normalizePathPrefix,
  pathInside,
} from './pathFilter';
import { SECONDS_PER_DAY, weekIndex, weekStart } from './weeks';
import { CommitRecord, HistoryOptions } from './types';
import { resolveHistoryOptions } from './options';

/** A part of a repository that one catalog component covers. @public */
export interface HistoryScope {
  entityRef: string;
  /** Directory inside the repository; '' for the whole repository. */
  pathPrefix: string;
}

/** What an author did to one scope in one week. */
interface AuthorWeek {
  commits: number;
  /** Weighted lines by top-level directory of the scope, scaled to the week's start (see `add`). */
  dirs: Map<string, number>;
}

/**
 * The serialisable state of a {@link HistoryAggregator}: what was mined so
 * far, enough to continue with newer commits and get the same result as a
 * full recompute. JSON-safe.
 *
 * @public
 */
export interface HistoryAggregatorState {
  /** 2: directories kept two levels deep (`src/cart`); a state of an older version is mined again. */
  version: 2;
  /** Identifies the options that shape the state; another key means recompute. */
  optionsKey: string;
  lastSha: string | null;
  maxTime: number;
  commitCount: number;
  authorNames: Array<[string, string]>;
  /** Per scope: [week, [author, commits, [dir, weighted][]][]][] */
  scopes: Array<{
    entityRef: string;
    pathPrefix: string;
    weeks: Array<[number, Array<[string, number, Array<[string, number]>]>]>;
  }>;
  /** [path, [author, lines][]][]: the line-survival model. */
  files: Array<[string, Array<[string, number]>]>;
}

/** Per author, what a scope's window holds. @public */
export interface AuthorWindow {
  commits: number;
  /** Recency-weighted changed lines, over every directory. */
  weighted: number;
  /** The five directories the author changed most, with their weighted lines. */
  dirs: Map<string, number>;
}

/** A scope's aggregates over one window, authors not yet mapped to teams. @public */
export interface ScopeWindow {
  commits: number;
  authors: Map<string, AuthorWindow>;
  /** Authors active in each week of the window. */
  weekAuthors: Map<number, string[]>;
  /** Current lines per author (line-survival model). */
  knowledge: Map<string, number>;
}

/**
 * What the analysis reads of one mined repository: each scope's window and
 * the names its authors used. @public
 */
export interface HistoryWindows {
  /** The window of scope `scopeIndex` (see {@link HistoryAggregator.window}). */
  window(scopeIndex: number, now: number): ScopeWindow;
  /** The display name an author used first; the key when unknown. */
  authorName(key: string): string;
}

/** Windows computed once at one `now` (see {@link HistoryAggregator.windowsAt}). */
class WindowsAt implements HistoryWindows {
  constructor(
    private readonly now: number,
    private readonly windows: ScopeWindow[],
    private readonly authorNames: ReadonlyMap<string, string>,
  ) {}

  window(scopeIndex: number, now: number): ScopeWindow {
    if (now !== this.now) {
      throw new RangeError(
        `these windows end at ${this.now}, not ${now}: mine again or keep the aggregator`,
      );
    }
    const window = this.windows[scopeIndex];
    if (!window) throw new RangeError(`no scope ${scopeIndex}`);
    return window;
  }

  authorName(key: string): string {
    return this.authorNames.get(key) ?? key;
  }
}

/**
 * A copy of `text` that owns its characters. V8 keeps a substring as a view
 * of the string it was cut from: an author key cut from a line of `git log`
 * and kept for the whole run kept that line's chunk of git's output alive
 * with it (see "Memory of a fleet run" in docs/benchmarks.md).
 */
function ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * The directory a change counts for, up to two levels deep: `src/cart` for
 * `src/cart/cart.ts`, `src` for `src/index.ts`, `.` for a file at the root.
 * A service keeps its code under one directory (`src`), so the top level
 * alone showed every team changing `src` and hid the seam between them; two
 * levels show it.
 */
export function directoryOf(path: string): string {
  const first = path.indexOf('/');
  if (first === -1) return '.';
  const second = path.indexOf('/', first + 1);
  return path.slice(0, second === -1 ? first : second);
}

/**
 * Directories an author's window keeps, the most changed: a team's top
 * directories (three are shown) come from its authors' top ones. Mining a
 * fleet holds every repository's windows until the analysis, and with
 * directories two levels deep an author may have changed dozens.
 */
const AUTHOR_WINDOW_DIRECTORIES = 5;

/** The `n` entries with the largest values, largest first (ties by key). */
export function topEntries(
  map: Map<string, number>,
  n: number,
): Array<[string, number]> {
  return [...map]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n);
}

/** Ignore float dust left by proportional deletions. */
const EPSILON = 1e-9;

/** The key of an author: lower-case email, or `name:<name>` without one. @public */
export function authorKey(name: string, email: string): string {
  const trimmed = email.trim().toLowerCase();
  return trimmed ? trimmed : `name:${name.trim()}`;
}

/**
 * Aggregates one repository's commits, oldest first, into bounded state:
 * per component and ISO week, recency-weighted changed lines by author and
 * directory (two levels deep; only the weeks of the window are kept), and a
 * line-survival model of the current files (who wrote the lines that are
 * still there). Memory grows with the window and the size of the code, not
 * with the length of the history.
 *
 * Line survival: a commit that deletes `d` lines of a file with `n` lines
 * removes `d/n` of every author's lines (git's numstat does not say whose
 * lines went), then credits its added lines to its author. An approximation
 * of `git blame` at a fraction of its cost, exact when every deletion hits
 * one author's lines or a whole file.
 *
 * @public
 */
export class HistoryAggregator implements HistoryWindows {
  private readonly options: Required<HistoryOptions>;
  private readonly excluded: (path: string) => boolean;
  private readonly scopes: Array<{
    entityRef: string;
    pathPrefix: string;
    weeks: Map<number, Map<string, AuthorWeek>>;
  }>;
  private readonly files = new Map<string, Map<string, number>>();
  private readonly authorNames = new Map<string, string>();
  /** Each author key as kept (see ownCopy), by its value. */
  private readonly authorKeys = new Map<string, string>();
  private lastShaValue: string | null = null;
  private maxTime = -Infinity;
  private commitCountValue = 0;

  constructor(scopes: HistoryScope[], options: HistoryOptions = {}) {
    this.options = resolveHistoryOptions(options);
    this.excluded = createPathFilter(this.options.exclude);
    this.scopes = scopes.map(s => ({
      entityRef: s.entityRef,
      pathPrefix: normalizePathPrefix(s.pathPrefix),
      weeks: new Map(),
    }));
  }

  /** The key of the options that shape the state (exclusions, window, half-life, cap, scopes). */
  get optionsKey(): string {
    const { windowDays, halfLifeDays, maxLinesPerCommit, exclude } =
      this.options;
    return JSON.stringify([
      windowDays,
      halfLifeDays,
      maxLinesPerCommit,
      exclude,
      this.scopes.map(s => [s.entityRef, s.pathPrefix]),
    ]);
  }

  /** The newest commit added, or null before the first. */
  get lastSha(): string | null {
    return this.lastShaValue;
  }

  /** Commits added, including those outside the window. */
  get commitCount(): number {
    return this.commitCountValue;
  }

  /** Adds one commit; commits must come oldest first (`git log --reverse`). */
  add(commit: CommitRecord): void {
    this.commitCountValue += 1;
    this.lastShaValue = commit.sha;
    const key = authorKey(commit.authorName, commit.authorEmail);
    let author = this.authorKeys.get(key);
    if (author === undefined) {
      author = ownCopy(key);
      this.authorKeys.set(author, author);
      this.authorNames.set(author, ownCopy(commit.authorName));
    }
    const included = commit.files.filter(
      f => !f.binary && !this.excluded(f.path),
    );
    for (const file of included) this.applyToKnowledge(author, file);
    for (const file of commit.files) {
      // A file moved into an excluded path leaves the model.
      if (file.oldPath && this.excluded(file.path))
        this.files.delete(file.oldPath);
    }

    if (commit.time > this.maxTime) {
      this.maxTime = commit.time;
      this.prune();
    }
    const week = weekIndex(commit.time);
    if (week < this.oldestKeptWeek()) return;
    let total = 0;
    for (const f of included) total += f.added + f.deleted;
    if (total === 0) return;
    const cap = this.options.maxLinesPerCommit;
    const scale = total > cap && cap > 0 ? cap / total : 1;
    // Stored relative to the week's start so that the figure stays finite;
    // the report multiplies by the decay from the week's start to `now`.
    const decay =
      scale *
      2 **
        ((commit.time - weekStart(week)) /
          (this.options.halfLifeDays * SECONDS_PER_DAY));
    for (const scope of this.scopes) {
      let touched = false;
      for (const f of included) {
        const inside = pathInside(f.path, scope.pathPrefix);
        if (inside === undefined) continue;
        const dir = directoryOf(inside);
        let authors = scope.weeks.get(week);
        if (!authors) {
          authors = new Map();
          scope.weeks.set(week, authors);
        }
        let entry = authors.get(author);
        if (!entry) {
          entry = { commits: 0, dirs: new Map() };
          authors.set(author, entry);
        }
        if (!touched) entry.commits += 1;
        touched = true;
        entry.dirs.set(
          dir,
          (entry.dirs.get(dir) ?? 0) + (f.added + f.deleted) * decay,
        );
      }
    }
  }

  private applyToKnowledge(
    author: string,
    file: { path: string; oldPath?: string; added: number; deleted: number },
  ): void {
    let lines = this.files.get(file.path);
    if (file.oldPath && file.oldPath !== file.path) {
      const moved = this.files.get(file.oldPath);
      this.files.delete(file.oldPath);
      if (moved) {
        if (lines) {
          for (const [a, n] of moved) lines.set(a, (lines.get(a) ?? 0) + n);
        } else {
          lines = moved;
          this.files.set(file.path, lines);
        }
      }
    }
    if (!lines) {
      lines = new Map();
      this.files.set(file.path, lines);
    }
    if (file.deleted > 0) {
      let total = 0;
      for (const n of lines.values()) total += n;
      if (total > 0) {
        const keep = Math.max(0, 1 - file.deleted / total);
        for (const [a, n] of lines) {
          const left = n * keep;
          if (left < EPSILON) lines.delete(a);
          else lines.set(a, left);
        }
      }
    }
    if (file.added > 0)
      lines.set(author, (lines.get(author) ?? 0) + file.added);
    if (lines.size === 0) this.files.delete(file.path);
  }

  private oldestKeptWeek(): number {
    return weekIndex(this.maxTime - this.options.windowDays * SECONDS_PER_DAY);
  }

  private prune(): void {
    const oldest = this.oldestKeptWeek();
    for (const scope of this.scopes) {
      for (const week of scope.weeks.keys()) {
        if (week < oldest) scope.weeks.delete(week);
      }
    }
  }

  /** The display name an author used first. */
  authorName(key: string): string {
    return this.authorNames.get(key) ?? key;
  }

  /**
   * A scope's aggregates over the window ending at `now` (whole ISO weeks,
   * from the week of `now - windowDays` to the week of `now`). `now` must not
   * be before the newest commit's week.
   */
  window(scopeIndex: number, now: number): ScopeWindow {
    const scope = this.scopes[scopeIndex];
    const first = weekIndex(now - this.options.windowDays * SECONDS_PER_DAY);
    const last = weekIndex(now);
    const halfLife = this.options.halfLifeDays * SECONDS_PER_DAY;
    const authors = new Map<string, AuthorWindow>();
    const weekAuthors = new Map<number, string[]>();
    let commits = 0;
    const weeks = [...scope.weeks.keys()].sort((a, b) => a - b);
    for (const week of weeks) {
      if (week < first || week > last) continue;
      const factor = 2 ** (-(now - weekStart(week)) / halfLife);
      const byAuthor = scope.weeks.get(week)!;
      weekAuthors.set(week, [...byAuthor.keys()]);
      for (const [author, entry] of byAuthor) {
        commits += entry.commits;
        let total = authors.get(author);
        if (!total) {
          total = { commits: 0, weighted: 0, dirs: new Map() };
          authors.set(author, total);
        }
        total.commits += entry.commits;
        for (const [dir, w] of entry.dirs) {
          total.weighted += w * factor;
          total.dirs.set(dir, (total.dirs.get(dir) ?? 0) + w * factor);
        }
      }
    }
    for (const total of authors.values()) {
      if (total.dirs.size > AUTHOR_WINDOW_DIRECTORIES) {
        total.dirs = new Map(topEntries(total.dirs, AUTHOR_WINDOW_DIRECTORIES));
      }
    }
    const knowledge = new Map<string, number>();
    for (const [path, lines] of this.files) {
      if (pathInside(path, scope.pathPrefix) === undefined) continue;
      for (const [a, n] of lines) knowledge.set(a, (knowledge.get(a) ?? 0) + n);
    }
    return { commits, authors, weekAuthors, knowledge };
  }

  /**
   * Every scope's window at `now` and the authors' names: all the analysis
   * reads, without the line-survival model of every file and the weekly
   * figures it is computed from. Mining a fleet keeps this per repository
   * rather than the aggregator, which is many times larger.
   */
  windowsAt(now: number): HistoryWindows {
    return new WindowsAt(
      now,
      this.scopes.map((_, i) => this.window(i, now)),
      new Map(this.authorNames),
    );
  }

  /** The state to store and continue from with {@link HistoryAggregator.fromState}. */
  toState(): HistoryAggregatorState {
    return {
      version: 2,
      optionsKey: this.optionsKey,
      lastSha: this.lastShaValue,
      maxTime: Number.isFinite(this.maxTime) ? this.maxTime : 0,
      commitCount: this.commitCountValue,
      authorNames: [...this.authorNames],
      scopes: this.scopes.map(s => ({
        entityRef: s.entityRef,
        pathPrefix: s.pathPrefix,
        weeks: [...s.weeks].map(([week, authors]) => [
          week,
          [...authors].map(([a, e]) => [a, e.commits, [...e.dirs]]),
        ]),
      })),
      files: [...this.files].map(([path, lines]) => [path, [...lines]]),
    };
  }

  /**
   * Continues from a stored state. Returns undefined when the state was made
   * with other options or scopes: the history must be mined again.
   */
  static fromState(
    state: HistoryAggregatorState,
    scopes: HistoryScope[],
    options: HistoryOptions = {},
  ): HistoryAggregator | undefined {
    const aggregator = new HistoryAggregator(scopes, options);
    if (state.version !== 2 || state.optionsKey !== aggregator.optionsKey) {
      return undefined;
    }
    aggregator.lastShaValue = state.lastSha;
    aggregator.maxTime = state.commitCount > 0 ? state.maxTime : -Infinity;
    aggregator.commitCountValue = state.commitCount;
    for (const [k, v] of state.authorNames) {
      aggregator.authorNames.set(k, v);
      aggregator.authorKeys.set(k, k);
    }
    state.scopes.forEach((s, i) => {
      const weeks = aggregator.scopes[i].weeks;
      for (const [week, authors] of s.weeks) {
        weeks.set(
          week,
          new Map(
            authors.map(([a, commits, dirs]) => [
              a,
              { commits, dirs: new Map(dirs) },
            ]),
          ),
        );
      }
    });
    for (const [path, lines] of state.files) {
      aggregator.files.set(path, new Map(lines));
    }
    return aggregator;
  }
}
