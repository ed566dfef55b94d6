/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break (or starts or ends with white space), quotes doubled. A leading `=`,
 * `+`, `-`, `@`, tab or CR gets a `'` first, so that a spreadsheet does not
 * run catalog-provided text as a formula.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows of fields as CSV: comma-separated, CRLF line ends, one final CRLF. */
export function csvRows(rows: readonly (readonly string[])[]): string {
  return `${rows.map(r => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
