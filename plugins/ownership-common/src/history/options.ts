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
 * An invalid history option; `option` names it, so a caller can name the key
 * where it was configured.
 *
 * @public
 */
export class HistoryOptionError extends Error {
  constructor(readonly option: keyof HistoryOptions, message: string) {
    super(message);
    this.name = 'HistoryOptionError';
  }
}

/**
 * Options with defaults filled in.
 *
 * @throws HistoryOptionError naming the option when a value is not a positive number.
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
        throw new HistoryOptionError(
          key,
          `History option 'exclude' must be a list of globs`,
        );
      }
      resolved.exclude = [...(value as string[])];
    } else {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new HistoryOptionError(
          key,
          `History option '${key}' must be a non-negative number, got ${String(
            value,
          )}`,
        );
      }
      (resolved as Record<string, unknown>)[key] = value;
    }
  }
  for (const key of ['windowDays', 'halfLifeDays'] as const) {
    if (resolved[key] <= 0) {
      throw new HistoryOptionError(
        key,
        `History options 'windowDays' and 'halfLifeDays' must be > 0`,
      );
    }
  }
  return resolved;
}

/**
 * The history options among a configuration section's keys (`ownership.history`
 * in the backend's app-config and in the CLI's), checked; the section's other
 * keys are left to their readers. One reading for the portal and the CLI, so
 * both mine with the same options.
 *
 * @throws HistoryOptionError naming the option when a value is invalid.
 * @public
 */
export function historyOptionsFrom(
  section: Record<string, unknown>,
): HistoryOptions {
  const options: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_HISTORY_OPTIONS)) {
    const value = Object.hasOwn(section, key) ? section[key] : undefined;
    if (value !== undefined && value !== null) options[key] = value;
  }
  resolveHistoryOptions(options as HistoryOptions);
  return options as HistoryOptions;
}
