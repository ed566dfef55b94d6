const DAY = 86400;

/**
 * Monday-based week number since the epoch (1970-01-05 is the first Monday);
 * the same weeks as ISO 8601.
 */
export function weekIndex(timeSeconds: number): number {
  return Math.floor((timeSeconds / DAY - 4) / 7);
}

/** The epoch second the week starts (Monday 00:00 UTC). */
export function weekStart(week: number): number {
  return (week * 7 + 4) * DAY;
}

/** `2026-W49`: the ISO year and week of a week number. @public */
export function isoWeekLabel(week: number): string {
  const thursday = new Date((weekStart(week) + 3 * DAY) * 1000);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / 1000;
  const n = Math.floor((thursday.getTime() / 1000 - jan1) / DAY / 7) + 1;
  return `${year}-W${String(n).padStart(2, '0')}`;
}

export const SECONDS_PER_DAY = DAY;

/**
 * A history window in words: `365` → `12 months`, `180` → `6 months`, `14`
 * → `2 weeks`, `45` → `45 days`. Months when the window is within 2.5 % of
 * a whole number of them, else weeks when it is a whole number of weeks,
 * else days. The CLI, the findings and the portal all say it this way.
 *
 * @public
 */
export function windowText(windowDays: number): string {
  const monthDays = 365 / 12;
  const months = Math.round(windowDays / monthDays);
  if (
    months >= 1 &&
    Math.abs(windowDays - months * monthDays) <= 0.025 * months * monthDays
  ) {
    return counted(months, 'month');
  }
  if (windowDays % 7 === 0) return counted(windowDays / 7, 'week');
  return counted(windowDays, 'day');
}

function counted(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
