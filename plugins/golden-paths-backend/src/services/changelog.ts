/** One version's section of a template's CHANGELOG.md. */
export interface ChangelogSection {
  version: string;
  /** From a heading such as `## 1.1.0 - 2026-11-20` or `## [1.1.0] (2026-11-20)`. */
  date?: string;
  /** Entries, one line each: list items, and paragraphs of text. */
  changes: string[];
}

const HEADING =
  /^##\s+\[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\]?(?:.*?(\d{4}-\d{2}-\d{2}))?/;

/**
 * Splits a CHANGELOG.md into its version sections (`## <version>` headings,
 * as the upgrade engine reads them), with each section's entries joined into
 * single lines for display. Sections without a version (`## Unreleased`) are
 * left out.
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
