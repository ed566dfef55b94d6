import {
  Finding,
  FindingSeverity,
  OwnershipReport,
  ScoreBreakdown,
} from '@conway/plugin-ownership-common';
import { Style } from './style';

export interface FormatOptions {
  style: Style;
  /** Entity ref (lower-case) → where it is defined (`file:line`), shown next to findings. */
  placesOf(ref: string): string[];
  /** Findings that fail the check. */
  failing: Set<string>;
  /** Teams listed in the lowest-score table. */
  teamRows?: number;
}

const SEVERITY_TITLES: Record<FindingSeverity, string> = {
  error: 'Errors',
  warning: 'Warnings',
  info: 'Info',
};

/** Findings shown under each root cause; the rest are counted. */
const ROOT_CAUSE_EXAMPLES = 3;

function percent(value: number | null): string {
  return value === null ? 'no data' : `${Math.round(value * 1000) / 10}%`;
}

function breakdown(b: ScoreBreakdown): string {
  return `ownership ${percent(b.ownership)} · cohesion ${percent(
    b.cohesion,
  )} · coupling ${percent(b.coupling)}`;
}

/** `1 team`, `2 teams`. */
export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** The human-readable report: summary, score, findings by severity with suggestions, weakest teams. */
export function formatOwnershipReport(
  report: OwnershipReport,
  options: FormatOptions,
): string {
  const { style: s } = options;
  const { summary } = report;
  const lines: string[] = [];
  const orphanTypes = Object.entries(summary.orphansByType)
    .filter(([, n]) => n > 0)
    .map(([type, n]) => `${n} ${type}`);
  const edges = summary.counts.interfaceEdges + summary.counts.couplingEdges;

  lines.push(
    `${s.bold('Alignment score')}  ${s.bold(
      summary.score === null ? 'no data' : `${summary.score} / 100`,
    )}  (${breakdown(summary.scoreBreakdown)})`,
    `${s.bold('Coverage')}         ${percent(summary.coverage)} of ${plural(
      summary.ownedEntityCount,
      'owned entity',
      'owned entities',
    )} have a group as owner; ${plural(summary.orphanCount, 'orphan')}${
      orphanTypes.length ? ` (${orphanTypes.join(', ')})` : ''
    }`,
    `${s.bold('Organisation')}     ${plural(
      summary.teamCount,
      'team',
    )} in ${plural(summary.groupCount, 'group')}, ${plural(
      summary.userCount,
      'user',
    )}, ${plural(summary.systemCount, 'system')}, ${plural(
      summary.domainCount,
      'domain',
    )}; ${plural(edges, 'cross-team edge')} (${
      summary.counts.interfaceEdges
    } through APIs, ${summary.counts.couplingEdges} direct)`,
  );

  const bySeverity: Record<FindingSeverity, Finding[]> = {
    error: [],
    warning: [],
    info: [],
  };
  const grouped: Record<FindingSeverity, number> = {
    error: 0,
    warning: 0,
    info: 0,
  };
  const byId = new Map(report.findings.map(f => [f.id, f]));
  for (const f of report.findings) {
    // Findings under a root cause are listed once, under it.
    if (f.rootCauseId) grouped[f.severity]++;
    else bySeverity[f.severity].push(f);
  }
  const marks: Record<FindingSeverity, string> = {
    error: s.red('✖'),
    warning: s.yellow('▲'),
    info: s.blue('●'),
  };
  /** `file:line` of a finding's entity (every definition for a duplicate). */
  const placeOf = (f: Finding): string => {
    if (f.source && f.type !== 'duplicate-entity') {
      return f.source.line === undefined
        ? f.source.file
        : `${f.source.file}:${f.source.line}`;
    }
    const places = options.placesOf(f.entityRef.toLowerCase());
    return (f.type === 'duplicate-entity' ? places : places.slice(0, 1)).join(
      ', ',
    );
  };
  const rootCauses = report.rootCauses ?? [];
  if (rootCauses.length > 0) {
    lines.push('', s.bold(`Root causes (${rootCauses.length})`));
    for (const cause of rootCauses) {
      lines.push(
        `  ${marks[cause.severity]} ${s.bold(cause.id)}  ${plural(
          cause.count,
          'finding',
        )}`,
        `      ${cause.message}`,
        `      ${s.green('→')} ${cause.suggestion}`,
      );
      const shown = cause.findingIds.slice(0, ROOT_CAUSE_EXAMPLES);
      for (const id of shown) {
        const f = byId.get(id);
        if (!f) continue;
        const file = placeOf(f);
        const fails = options.failing.has(f.id)
          ? s.red(' [fails the check]')
          : '';
        lines.push(
          `      · ${f.type}  ${f.entityRef}${
            file ? s.dim(`  (${file})`) : ''
          }${fails}`,
        );
      }
      const rest = cause.count - shown.length;
      if (rest > 0) {
        lines.push(s.dim(`      · and ${rest} more (all in --format json)`));
      }
    }
  }
  for (const severity of ['error', 'warning', 'info'] as const) {
    const list = bySeverity[severity];
    if (list.length === 0 && grouped[severity] === 0) continue;
    const under =
      grouped[severity] > 0
        ? `, ${grouped[severity]} more under root causes above`
        : '';
    lines.push(
      '',
      s.bold(`${SEVERITY_TITLES[severity]} (${list.length}${under})`),
    );
    for (const f of list) {
      const file = placeOf(f);
      const fails = options.failing.has(f.id)
        ? s.red(' [fails the check]')
        : '';
      lines.push(
        `  ${marks[severity]} ${s.bold(f.type)}  ${f.entityRef}${
          file ? s.dim(`  (${file})`) : ''
        }${fails}`,
        `      ${f.message}`,
        `      ${s.green('→')} ${f.suggestion}`,
      );
    }
  }

  const teams = report.teams
    .filter(t => t.isTeam)
    .filter(t => t.score !== null)
    .sort((a, b) => a.score! - b.score! || (a.ref < b.ref ? -1 : 1))
    .slice(0, options.teamRows ?? 5);
  if (teams.length > 0) {
    lines.push('', s.bold('Lowest-scoring teams'));
    const width = Math.max(...teams.map(t => t.ref.length));
    for (const t of teams) {
      lines.push(
        `  ${t.ref.padEnd(width)}  ${String(t.score).padStart(5)}  ${s.dim(
          breakdown(t.scoreBreakdown),
        )}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
