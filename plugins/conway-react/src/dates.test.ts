import { formatDateTime, formatDay } from './dates';

describe('dates', () => {
  it('writes a time as day, short month, year and 24-hour local time', () => {
    const local = new Date(2026, 11, 6, 14, 5);
    expect(formatDateTime(local.toISOString())).toBe('6 Dec 2026, 14:05');
    expect(formatDateTime(local.getTime())).toBe('6 Dec 2026, 14:05');
  });

  it('writes a calendar date as that day wherever the reader is, and a time as its local day', () => {
    expect(formatDay('2027-01-31')).toBe('31 Jan 2027');
    expect(formatDay(new Date(2026, 11, 6, 23, 59))).toBe('6 Dec 2026');
  });

  it('returns what it cannot read as it came', () => {
    expect(formatDateTime('soon')).toBe('soon');
    expect(formatDay('2027-13-45')).toBe('2027-13-45');
  });
});
