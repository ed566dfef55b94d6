/**
 * Dates as every Conway page writes them: "6 Dec 2026" and
 * "6 Dec 2026, 14:05" (local time), in English whatever the browser's
 * locale, so that one page never says 12/6/2026 beside another's 6 Dec 2026.
 */
const DAY: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
};

function parse(value: string | number | Date): Date | undefined {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * A time as a local date and time, e.g. "6 Dec 2026, 14:05"; an unreadable
 * value is returned as it came.
 *
 * @public
 */
export function formatDateTime(value: string | number | Date): string {
  const date = parse(value);
  if (!date) return String(value);
  return date.toLocaleString('en-GB', {
    ...DAY,
    hour: '2-digit',
    minute: '2-digit',
  });
}

/**
 * A day, e.g. "6 Dec 2026". A date without a time (`2027-01-31`) is that
 * calendar day wherever the reader is; a time is its local day.
 *
 * @public
 */
export function formatDay(value: string | number | Date): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = parse(`${value}T00:00:00Z`);
    return day
      ? day.toLocaleDateString('en-GB', { ...DAY, timeZone: 'UTC' })
      : value;
  }
  const date = parse(value);
  return date ? date.toLocaleDateString('en-GB', DAY) : String(value);
}
