import { DEFAULT_HISTORY_EXCLUDES } from './pathFilter';
import { HistoryOptions } from './types';

/**
 * The defaults of {@link HistoryOptions}: a year of history, a change half a
 * year old weighs half, one commit counts for at most 2000 lines.
 *
 * @public
 */
export const DEFAULT_HISTORY_OPTIONS: Readonly<Required<HistoryOptions>> = {
  windowDays: 365,
  halfLifeDays: 180,
  maxLinesPerCommit: 2000,
  exclude: [...DEFAULT_HISTORY_EXCLUDES],
  minCommits: 5,
  fragmentationMinShare: 0.1,
  fragmentationTeams: 3,
  knowledgeAtRiskShare: 0.5,
  minKnowledgeLines: 50,
  coordinationMinWeeks: 4,
};

/**
 * Options with defaults filled in.
 *
 * @throws Error naming the option when a value is not a positive number.
 * @public
 */
export function resolveHistoryOptions(
  options: HistoryOptions = {},
): Required<HistoryOptions> {
  const resolved = { ...DEFAULT_HISTORY_OPTIONS };
  for (const key of Object.keys(DEFAULT_HISTORY_OPTIONS) as Array<
    keyof HistoryOptions
  >) {
    if (!Object.prototype.hasOwnProperty.call(options, key)) continue;
    const value = options[key];
    if (value === undefined) continue;
    if (key === 'exclude') {
      if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
        throw new Error(`History option 'exclude' must be a list of globs`);
      }
      resolved.exclude = [...(value as string[])];
    } else {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new Error(
          `History option '${key}' must be a non-negative number, got ${String(
            value,
          )}`,
        );
      }
      (resolved as Record<string, unknown>)[key] = value;
    }
  }
  if (resolved.halfLifeDays <= 0 || resolved.windowDays <= 0) {
    throw new Error(
      `History options 'windowDays' and 'halfLifeDays' must be > 0`,
    );
  }
  return resolved;
}
