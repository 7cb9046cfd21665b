// What a write reports, read the same way on either database.

/**
 * How many rows an UPDATE, DELETE or INSERT touched: better-sqlite3 says `changes`, node-postgres
 * says `rowCount`.
 */
export function rowsChanged(result: unknown): number {
  const report = result as { changes?: number; rowCount?: number | null };
  return report.changes ?? report.rowCount ?? 0;
}
