/**
 * Bound parameters one statement may carry on both dialects: SQLite's limit is 32 766
 * (SQLITE_MAX_VARIABLE_NUMBER since 3.32), PostgreSQL's 65 535; this stays under the smaller.
 */
export const MAX_BOUND_PARAMETERS = 32_000;

/** `items` cut into runs that each fit one statement when every item binds `perItem` parameters. */
export function inStatementChunks<T>(items: readonly T[], perItem: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / perItem));
  const chunks: T[][] = [];
  for (let at = 0; at < items.length; at += size) chunks.push(items.slice(at, at + size));
  return chunks;
}
