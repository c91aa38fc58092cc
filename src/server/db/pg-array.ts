/**
 * A PostgreSQL array literal for one parameter ({"a",NULL,"b"}), cast in the statement. Arrays are
 * sent as literals because ScopedTx.query hands JavaScript arrays to Drizzle, which would expand
 * them into a list of parameters.
 */
export function pgArray(values: readonly (string | number | null | undefined)[]): string {
  return `{${values
    .map((v) =>
      v === null || v === undefined ? 'NULL' : `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`,
    )
    .join(',')}}`;
}
