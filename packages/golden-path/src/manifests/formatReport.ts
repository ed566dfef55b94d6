import path from 'node:path';
import type { Finding } from '../findings';
import { POLICY_CHECKS } from './checks';

/** Options for {@link formatReport}. @public */
export interface FormatReportOptions {
  /** Show source paths relative to this directory. */
  relativeTo?: string;
}

function location(finding: Finding, relativeTo?: string): string {
  if (!finding.source) {
    return '';
  }
  const source =
    relativeTo && path.isAbsolute(finding.source)
      ? path.relative(relativeTo, finding.source)
      : finding.source;
  return ` (${source}${
    finding.index !== undefined ? `, document ${finding.index}` : ''
  })`;
}

/**
 * Formats findings for a terminal or a task log: one line per finding, then
 * the rationale of each failed check, then a summary.
 *
 * @public
 */
export function formatReport(
  report: { findings: Finding[]; objects?: unknown[]; skipped?: string[] },
  options: FormatReportOptions = {},
): string {
  const lines = report.findings.map(
    f =>
      `${f.severity.toLocaleUpperCase('en-US')} [${f.id}] ${
        f.object ? `${f.object}${location(f, options.relativeTo)}: ` : ''
      }${f.message}`,
  );
  const failed = new Set(report.findings.map(f => f.id));
  const why = POLICY_CHECKS.filter(c => failed.has(c.id)).map(
    c => `  ${c.id}: ${c.title}. ${c.rationale}`,
  );
  if (why.length) {
    lines.push('', 'Why:', ...why);
  }
  for (const reason of report.skipped ?? []) {
    lines.push(`SKIPPED ${reason}`);
  }
  const count = (s: string) =>
    report.findings.filter(f => f.severity === s).length;
  const checked =
    report.objects !== undefined
      ? `${report.objects.length} object(s) checked: `
      : '';
  lines.push(
    `${checked}${count('error')} error(s), ${count('warning')} warning(s)`,
  );
  return lines.join('\n');
}
