/** Code-point order, the same on every machine whatever its locale. */
export function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** Orders changes, conflicts and operations by their path, in code-point order. */
export const byPathOrder = (a: { path: string }, b: { path: string }) =>
  compareStrings(a.path, b.path);
