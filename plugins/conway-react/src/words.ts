/**
 * A count with its noun in the right number: "1 service", "2 services",
 * "0 findings". For regular English plurals only.
 *
 * @public
 */
export function quantity(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
