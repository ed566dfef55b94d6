import type { ServiceResult } from '@conway/plugin-scorecards-common';

/**
 * One CSV field (RFC 4180), with a `'` before a leading `=`, `+`, `-`, `@`,
 * tab or CR so that a spreadsheet never runs catalog-provided text as a formula.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const HEADER = [
  'service',
  'service_ref',
  'team',
  'department',
  'scorecard',
  'level',
  'check',
  'check_id',
  'severity',
  'required_for_level',
  'status',
  'reason',
  'how_to_fix',
  'evaluated_at',
];

/** One row per service, scorecard and check, with display names beside the refs. */
export function resultsToCsv(results: ServiceResult[]): string {
  const rows: string[][] = [HEADER];
  for (const r of results) {
    for (const s of r.scorecards) {
      const levelTitle = (id: string | null) =>
        id === null ? 'none' : s.levels.find(l => l.id === id)?.title ?? id;
      for (const c of s.checks) {
        rows.push([
          r.title,
          r.entityRef,
          r.team?.title ?? '',
          r.department?.title ?? '',
          s.title,
          levelTitle(s.level),
          c.title,
          c.checkId,
          c.severity,
          levelTitle(c.level),
          c.status,
          c.reason ?? '',
          c.howToFix ?? '',
          r.evaluatedAt,
        ]);
      }
    }
  }
  return `${rows.map(row => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
