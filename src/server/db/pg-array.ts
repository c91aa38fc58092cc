/**
 * A PostgreSQL array literal for one parameter ({"a",NULL,"b"}), cast in the statement, so that
 * node-postgres and PGlite receive the same text whatever each does with JavaScript arrays.
 */
export function pgArray(values: readonly (string | number | null | undefined)[]): string {
  return `{${values
    .map((v) =>
      v === null || v === undefined ? 'NULL' : `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`,
    )
    .join(',')}}`;
}
