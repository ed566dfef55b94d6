import { compareVersions } from './semver';

/** `## 1.1.0`, `## v1.1.0 - 2026-11-20`, `## [1.1.0] (2026-11-20)`: version, then an optional date. */
const HEADING =
  /^##\s+\[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\]?(?:.*?(\d{4}-\d{2}-\d{2}))?/;

/** One version's section of a template's CHANGELOG.md. @public */
export interface ChangelogSection {
  version: string;
  /** From a heading such as `## 1.1.0 - 2026-11-20` or `## [1.1.0] (2026-11-20)`. */
  date?: string;
  /** Entries, one line each: list items, and paragraphs of text. */
  changes: string[];
}

/**
 * Splits a CHANGELOG.md into its version sections, with each section's
 * entries joined into single lines for display (the portal's Golden paths
 * page). Sections without a version (`## Unreleased`) are left out.
 *
 * @public
 */
export function parseChangelog(text: string): Map<string, ChangelogSection> {
  const sections = new Map<string, ChangelogSection>();
  let current: ChangelogSection | undefined;
  let continuing = false;
  for (const raw of text.split(/\r?\n/)) {
    if (/^#{1,2}\s/.test(raw)) {
      const match = HEADING.exec(raw);
      current = match
        ? { version: match[1], date: match[2], changes: [] }
        : undefined;
      if (current && !sections.has(current.version)) {
        sections.set(current.version, current);
      }
      continuing = false;
      continue;
    }
    if (!current) continue;
    const line = raw.trim();
    if (line === '') {
      continuing = false;
    } else if (/^[-*+]\s+/.test(line)) {
      current.changes.push(line.replace(/^[-*+]\s+/, ''));
      continuing = true;
    } else if (continuing && current.changes.length > 0) {
      current.changes[current.changes.length - 1] += ` ${line}`;
    } else if (!line.startsWith('#')) {
      current.changes.push(line);
      continuing = true;
    }
  }
  return sections;
}

/**
 * The sections of a CHANGELOG.md (`## <version>` headings) for the versions
 * after `from` up to and including `to`, in the file's order.
 */
export function changelogBetween(
  changelog: string,
  from: string,
  to: string,
): { text: string; versions: string[] } {
  const sections: { version?: string; lines: string[] }[] = [];
  for (const line of changelog.split(/\r?\n/)) {
    if (/^##\s/.test(line)) {
      sections.push({ version: HEADING.exec(line)?.[1], lines: [line] });
    } else if (/^#\s/.test(line)) {
      sections.push({ lines: [] });
    } else {
      sections.at(-1)?.lines.push(line);
    }
  }
  const kept = sections.filter(
    (s): s is { version: string; lines: string[] } => {
      if (!s.version) {
        return false;
      }
      try {
        return (
          compareVersions(s.version, from) > 0 &&
          compareVersions(s.version, to) <= 0
        );
      } catch {
        return false;
      }
    },
  );
  return {
    text: kept
      .map(s => s.lines.join('\n').trim())
      .join('\n\n')
      .concat(kept.length > 0 ? '\n' : ''),
    versions: kept.map(s => s.version),
  };
}
