import { GoldenPathSummary } from '@conway/plugin-golden-paths-common';
import { compareVersions } from './versions';

/** A golden-path release, as its changelog records it. */
export interface Release {
  goldenPath: GoldenPathSummary;
  version: string;
  /** YYYY-MM-DD from the changelog heading, when it has one. */
  date?: string;
  changes: string[];
  /** The version the portal scaffolds now. */
  current: boolean;
}

/**
 * The newest golden-path releases across all golden paths, newest first: by
 * changelog date, undated ones after the dated, then by version.
 */
export function latestReleases(
  goldenPaths: GoldenPathSummary[],
  limit: number,
): Release[] {
  const releases: Release[] = goldenPaths.flatMap(goldenPath =>
    goldenPath.versions.map(v => ({
      goldenPath,
      version: v.version,
      ...(v.date ? { date: v.date } : {}),
      changes: v.changes,
      current: v.version === goldenPath.currentVersion,
    })),
  );
  releases.sort((a, b) => {
    if (a.date && b.date && a.date !== b.date) {
      return b.date.localeCompare(a.date);
    }
    if (!!a.date !== !!b.date) return a.date ? -1 : 1;
    return (
      compareVersions(b.version, a.version) ||
      a.goldenPath.title.localeCompare(b.goldenPath.title)
    );
  });
  return releases.slice(0, limit);
}
