/**
 * Plain code-unit order. localeCompare would load ICU's collation on first use (~10 ms at start-up) and
 * order differently per locale; identifiers and tags need neither.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
