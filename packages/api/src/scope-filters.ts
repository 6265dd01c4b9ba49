/** Building blocks for `scoped.filter` rules: keep only the rows whose division lies in the caller's scope. */

/** Rows whose division (by `key`) lies in the scope; for `filter` rules. */
export function keepRows<Row>(key: (row: Row) => string | null | undefined) {
  return (rows: Row[], keep: (id: string | null | undefined) => boolean): Row[] =>
    rows.filter((r) => keep(key(r)));
}

/** One row (or null) whose division lies in the scope, else null — as if it were not there. */
export function keepOne<Row>(key: (row: Row) => string | null | undefined) {
  return (row: Row | null, keep: (id: string | null | undefined) => boolean): Row | null =>
    row !== null && keep(key(row)) ? row : null;
}
