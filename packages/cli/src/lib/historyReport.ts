import fs from 'fs';
import os from 'os';
import path from 'path';
import { InvalidArgumentError } from 'commander';
import {
  ComponentHistoryReport,
  Finding,
  HistoryOptions,
  KnowledgeHolder,
  OwnershipEntity,
  SOURCE_LOCATION_ANNOTATION,
  windowText,
} from '@conway/plugin-ownership-common';
import {
  CatalogHistoryResult,
  ensureExampleRepositories,
  FileHistoryStateStore,
  mineCatalogHistory,
  parseExampleHistories,
  RepositoryCache,
} from '@conway/plugin-ownership-node';
import { LoadedEntity } from './catalogFiles';
import { plural } from './formatOwnershipReport';
import { UsageError } from './io';
import { Style } from './style';

/** How `conway ownership check --history` mines. */
export interface HistoryCheckOptions {
  /** Window in days (from `--since`); overrides `options.windowDays`. */
  windowDays?: number;
  /** The analysis options from the configuration's `ownership.history`. */
  options?: HistoryOptions;
  /**
   * Directory for clones of remote repositories and the state of the last
   * run (incremental updates). Without it remote repositories are reported
   * as not read and every run mines the whole history.
   */
  cacheDir?: string;
  /** End of the window, epoch seconds; default now (tests fix it). */
  now?: number;
  /**
   * A description of scripted example repositories (`--history-examples`,
   * e.g. org/histories/example.yaml). They are made under the cache
   * directory, or a temporary one removed afterwards, and mined as the
   * sources of the components they name that have no source location.
   */
  examples?: string;
}

/**
 * `12m`, `52w`, `365d`, `1y` → days. @throws InvalidArgumentError for anything else
 */
export function parseSince(value: string): number {
  const m = /^(\d+)\s*([dwmy])$/.exec(value.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!m || !(n > 0)) {
    throw new InvalidArgumentError(
      'Expected a duration like 12m, 26w, 90d or 1y.',
    );
  }
  const days = { d: 1, w: 7, m: 365 / 12, y: 365 }[
    m[2] as 'd' | 'w' | 'm' | 'y'
  ];
  return Math.round(n * days);
}

function entityRefOf(entity: Record<string, unknown>): string | undefined {
  const metadata = entity.metadata as Record<string, unknown> | undefined;
  if (typeof entity.kind !== 'string' || typeof metadata?.name !== 'string') {
    return undefined;
  }
  const ns =
    typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
  return `${entity.kind}:${ns}/${metadata.name}`.toLowerCase();
}

/**
 * Mines the histories behind the loaded components. `dir:` locations are
 * resolved against the directory of the file the component was read from,
 * like the catalog resolves them against its location.
 */
export async function mineHistoryForCheck(
  loaded: LoadedEntity[],
  options: HistoryCheckOptions,
  cwd: string,
): Promise<CatalogHistoryResult> {
  const fileOf = new Map<string, string>();
  for (const { entity, file } of loaded) {
    const ref = entityRefOf(entity);
    if (ref && !fileOf.has(ref)) fileOf.set(ref, file);
  }
  const cacheDir = options.cacheDir
    ? path.resolve(cwd, options.cacheDir)
    : undefined;
  // Without a cache the example repositories go to a temporary directory, removed afterwards.
  const temporary =
    options.examples && !cacheDir
      ? await fs.promises.mkdtemp(
          path.join(os.tmpdir(), 'conway-example-histories-'),
        )
      : undefined;
  try {
    const examples = options.examples
      ? await makeExamples(
          path.resolve(cwd, options.examples),
          path.join(cacheDir ?? temporary!, 'example-repositories'),
          options.now,
        )
      : undefined;
    return await mineCatalogHistory({
      entities: loaded.map(e =>
        withExampleSource(e.entity as OwnershipEntity, examples),
      ),
      now: options.now,
      options: {
        ...options.options,
        ...(options.windowDays ? { windowDays: options.windowDays } : {}),
      },
      baseDirOf: ref => {
        const file = fileOf.get(ref);
        return file && !/^https?:/i.test(file) ? path.dirname(file) : cwd;
      },
      cache: cacheDir
        ? new RepositoryCache({ dir: path.join(cacheDir, 'clones') })
        : undefined,
      stateStore: cacheDir
        ? new FileHistoryStateStore(path.join(cacheDir, 'state'))
        : undefined,
    });
  } finally {
    if (temporary) {
      await fs.promises.rm(temporary, { recursive: true, force: true });
    }
  }
}

/**
 * Makes the example repositories. An unreadable or invalid description is a
 * usage error naming it; failing to make them (git missing, a full disk) is
 * an error naming the directory.
 */
async function makeExamples(
  descriptionFile: string,
  directory: string,
  now: number | undefined,
): Promise<Map<string, string>> {
  try {
    parseExampleHistories(
      await fs.promises.readFile(descriptionFile, 'utf8'),
      descriptionFile,
    );
  } catch (error) {
    throw new UsageError(`--history-examples: ${(error as Error).message}`);
  }
  try {
    const made = await ensureExampleRepositories({
      descriptionFile,
      directory,
      now,
    });
    return made.byEntityRef;
  } catch (error) {
    throw new Error(
      `--history-examples: could not make the example repositories in ${directory}: ${
        (error as Error).message
      }`,
    );
  }
}

/** The component with its example repository as source, when it has none of its own. */
function withExampleSource(
  entity: OwnershipEntity,
  examples: Map<string, string> | undefined,
): OwnershipEntity {
  const ref = examples && entityRefOf(entity as Record<string, unknown>);
  const dir = ref && examples.get(ref);
  const annotations = entity.metadata?.annotations ?? {};
  if (
    !dir ||
    typeof annotations !== 'object' ||
    Object.hasOwn(annotations, SOURCE_LOCATION_ANNOTATION)
  ) {
    return entity;
  }
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...annotations,
        [SOURCE_LOCATION_ANNOTATION]: `dir:${dir}`,
      },
    },
  };
}

function pct(share: number): string {
  return `${Math.round(share * 100)} %`;
}

function severityLabel(f: Finding, style: Style): string {
  if (f.severity === 'error') return style.red('error  ');
  if (f.severity === 'warning') return style.yellow('warning');
  return style.blue('info   ');
}

/** The history part of the text report. */
export function formatHistoryReport(
  result: CatalogHistoryResult,
  style: Style,
  failing: Set<string>,
): string {
  const { report, runs } = result;
  const title = (ref: string | null) =>
    ref === null ? '(no team)' : report.titles[ref] ?? ref;
  const lines: string[] = [];
  lines.push(
    style.bold(
      `Actual ownership from git history (${windowText(
        report.options.windowDays,
      )}, changes weighted by lines with a half-life of ${
        report.options.halfLifeDays
      } days)`,
    ),
  );
  const by = (mode: string) => runs.filter(r => r.mode === mode).length;
  lines.push(
    `  ${runs.length} ${
      runs.length === 1 ? 'repository' : 'repositories'
    }: ${by('full')} mined in full, ${by('incremental')} incrementally, ${by(
      'unchanged',
    )} unchanged, ${by('failed')} not readable; ${
      result.withoutSourceLocation.length
    } components without backstage.io/source-location`,
  );
  const components = report.components;
  if (components.length > 0) {
    lines.push('', style.bold('  Declared vs actual owner'));
    for (const c of components) {
      const name = c.title ?? report.titles[c.entityRef];
      lines.push(
        name && name !== c.entityRef
          ? `    ${style.bold(name)} ${style.dim(c.entityRef)}`
          : `    ${style.bold(c.entityRef)}`,
      );
      lines.push(
        `      declared ${title(c.declaredOwnerRef)} ${pct(
          c.declaredOwnerShare,
        )} · actual ${
          c.actualTeamRef ? title(c.actualTeamRef) : '(no known team)'
        } · ${plural(c.commits, 'commit')} in the window`,
      );
      lines.push(`      shares: ${describeShares(c, title)}`);
      lines.push(
        `      fragmentation: ${plural(
          c.fragmentation.teamCount,
          'team',
        )}, entropy ${c.fragmentation.entropyBits.toFixed(2)} bits`,
      );
      lines.push(
        `      knowledge: ${Math.round(c.knowledge.currentLines).toLocaleString(
          'en-US',
        )} current lines, ${pct(
          c.knowledge.atRiskShare,
        )} by authors not in the catalog, truck factor ${
          c.knowledge.truckFactor
        }${
          c.knowledge.holders[0]
            ? ` (largest: ${holderName(c, c.knowledge.holders[0], title)} ${pct(
                c.knowledge.holders[0].share,
              )})`
            : ''
        }`,
      );
    }
  }
  if (report.coordination.length > 0) {
    lines.push(
      '',
      style.bold('  Coordination pairs (same components, same ISO weeks)'),
    );
    for (const p of report.coordination.slice(0, 20)) {
      lines.push(
        `    ${title(p.teamA)} ↔ ${title(p.teamB)}: ${plural(
          p.weeks,
          'week',
        )} (${p.components
          .slice(0, 3)
          .map(x => `${title(x.entityRef)} ${x.weeks}`)
          .join(', ')})`,
      );
    }
  }
  if (report.findings.length > 0) {
    lines.push(
      '',
      style.bold(`  History findings (${report.findings.length})`),
    );
    for (const f of report.findings) {
      const mark = failing.has(f.id) ? style.red(' ✖') : '';
      lines.push(
        `    ${severityLabel(f, style)} ${f.type}  ${f.entityRef}${mark}`,
      );
      lines.push(`      ${f.message}`);
      lines.push(`      ${style.green('→')} ${f.suggestion}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A person's name: the User's title, or the git name of an author not in the catalog. */
function holderName(
  c: ComponentHistoryReport,
  holder: KnowledgeHolder,
  title: (ref: string | null) => string,
): string {
  if (holder.known) return title(holder.ref);
  const author = c.unknownAuthors.find(a => a.key === holder.ref);
  return `${author?.name || holder.ref} (not in the catalog)`;
}

function describeShares(
  c: ComponentHistoryReport,
  title: (ref: string | null) => string,
): string {
  if (c.teamShares.length === 0) return 'no changes in the window';
  return c.teamShares
    .slice(0, 4)
    .map(t => `${title(t.teamRef)} ${pct(t.share)}`)
    .join(', ');
}
