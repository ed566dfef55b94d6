import { csvField } from './csv';
import { normalizeRef } from './entityRef';
import { Finding, OwnershipReport, TeamReport } from './types';

/**
 * Findings about an entity: those whose `entityRef` or `relatedRefs` name it.
 * `ref` is a full ref (`component:default/x`); a ref without kind is taken as
 * a component.
 *
 * @public
 */
export function findingsForEntity(
  report: OwnershipReport,
  ref: string,
): Finding[] {
  const key = normalizeRef(ref, { defaultKind: 'component' });
  if (!key) return [];
  return report.findings.filter(
    f =>
      f.entityRef.toLowerCase() === key ||
      (f.relatedRefs?.some(r => r.toLowerCase() === key) ?? false),
  );
}

/**
 * The report of one group; a ref without kind is taken as a group.
 *
 * @internal
 */
export function teamReport(
  report: OwnershipReport,
  ref: string,
): TeamReport | undefined {
  const key = normalizeRef(ref, { defaultKind: 'group' });
  if (!key) return undefined;
  return report.teams.find(t => t.ref.toLowerCase() === key);
}

/**
 * The group's ancestors, from its parent up to the root.
 *
 * @public
 */
export function teamAncestors(
  report: OwnershipReport,
  ref: string,
): TeamReport[] {
  const byRef = new Map(report.teams.map(t => [t.ref.toLowerCase(), t]));
  const result: TeamReport[] = [];
  const seen = new Set<string>();
  let current = teamReport(report, ref);
  while (current?.parentRef) {
    const key = current.parentRef.toLowerCase();
    if (seen.has(key)) break;
    seen.add(key);
    current = byRef.get(key);
    if (current) result.push(current);
  }
  return result;
}

/**
 * The groups under a group, depth first, children in ref order: a
 * department's teams and their sub-teams. Empty for a group without
 * sub-groups or an unknown ref.
 *
 * @public
 */
export function teamDescendants(
  report: OwnershipReport,
  ref: string,
): TeamReport[] {
  const byRef = new Map(report.teams.map(t => [t.ref.toLowerCase(), t]));
  const root = teamReport(report, ref);
  const result: TeamReport[] = [];
  if (!root) return result;
  const seen = new Set<string>([root.ref.toLowerCase()]);
  const stack = [...root.childRefs].reverse();
  while (stack.length > 0) {
    const key = stack.pop()!.toLowerCase();
    const team = byRef.get(key);
    if (!team || seen.has(key)) continue;
    seen.add(key);
    result.push(team);
    for (let i = team.childRefs.length - 1; i >= 0; i--)
      stack.push(team.childRefs[i]);
  }
  return result;
}

const CSV_COLUMNS = [
  'id',
  'type',
  'severity',
  'entityRef',
  'teamRef',
  'relatedRefs',
  'message',
  'suggestion',
] as const;

/**
 * The findings as CSV (RFC 4180: comma-separated, CRLF line ends, fields with
 * commas, quotes or line breaks quoted, quotes doubled), one header row.
 * `relatedRefs` are joined by spaces. Values starting with `=`, `+`, `-` or
 * `@` get a leading `'` so spreadsheets do not run them as formulas.
 *
 * @public
 */
export function reportToCsv(report: OwnershipReport): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const f of report.findings) {
    const values: Record<(typeof CSV_COLUMNS)[number], string> = {
      id: f.id,
      type: f.type,
      severity: f.severity,
      entityRef: f.entityRef,
      teamRef: f.teamRef ?? '',
      relatedRefs: (f.relatedRefs ?? []).join(' '),
      message: f.message,
      suggestion: f.suggestion,
    };
    rows.push(CSV_COLUMNS.map(c => csvField(values[c])).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
