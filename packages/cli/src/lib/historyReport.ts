import path from 'path';
import { InvalidArgumentError } from 'commander';
import {
  ComponentHistoryReport,
  Finding,
  OwnershipEntity,
} from '@conway/plugin-ownership-common';
import {
  CatalogHistoryResult,
  FileHistoryStateStore,
  mineCatalogHistory,
  RepositoryCache,
} from '@conway/plugin-ownership-node';
import { LoadedEntity } from './catalogFiles';
import { Style } from './style';

/** How `conway ownership check --history` mines. */
export interface HistoryCheckOptions {
  /** Window in days (from `--since`). */
  windowDays?: number;
  /**
   * Directory for clones of remote repositories and the state of the last
   * run (incremental updates). Without it remote repositories are reported
   * as not read and every run mines the whole history.
   */
  cacheDir?: string;
  /** End of the window, epoch seconds; default now (tests fix it). */
  now?: number;
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
  return mineCatalogHistory({
    entities: loaded.map(e => e.entity as OwnershipEntity),
    now: options.now,
    options: options.windowDays ? { windowDays: options.windowDays } : {},
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
  const months = Math.round(report.options.windowDays / (365 / 12));
  lines.push(
    style.bold(
      `Actual ownership from git history (${months} months, changes weighted by lines with a half-life of ${report.options.halfLifeDays} days)`,
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
      lines.push(
        `    ${style.bold(title(c.entityRef))} ${style.dim(c.entityRef)}`,
      );
      lines.push(
        `      declared ${title(c.declaredOwnerRef)} ${pct(
          c.declaredOwnerShare,
        )} · actual ${
          c.actualTeamRef ? title(c.actualTeamRef) : '(no known team)'
        } · ${c.commits} commits in the window`,
      );
      lines.push(`      shares: ${describeShares(c, title)}`);
      lines.push(
        `      fragmentation: ${c.fragmentation.teamCount} ${
          c.fragmentation.teamCount === 1 ? 'team' : 'teams'
        }, entropy ${c.fragmentation.entropyBits.toFixed(2)} bits`,
      );
      lines.push(
        `      knowledge: ${Math.round(
          c.knowledge.currentLines,
        )} current lines, ${pct(
          c.knowledge.atRiskShare,
        )} by authors not in the catalog, truck factor ${
          c.knowledge.truckFactor
        }${
          c.knowledge.holders[0]
            ? ` (largest: ${title(c.knowledge.holders[0].ref)} ${pct(
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
        `    ${title(p.teamA)} ↔ ${title(p.teamB)}: ${
          p.weeks
        } weeks (${p.components
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
