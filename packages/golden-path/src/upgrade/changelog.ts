import { compareVersions } from './semver';

const HEADING =
  /^##\s+\[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\]?/;

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
