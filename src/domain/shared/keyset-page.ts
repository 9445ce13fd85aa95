import type { SelectQueryBuilder, StringReference } from 'kysely';
import { type PageRequest, type PageResult, decodeCheckpoint, encodeCheckpoint } from './pagination.js';

/** What `pageByKey` needs: a filtered, selected query and the unique key it pages on. */
export interface KeyPageOptions<DB, TB extends keyof DB, Row, T> {
  page: PageRequest;
  /** Filtered and selected, not yet paged; any `orderBy` on it sorts offset pages ahead of `key`. */
  query: SelectQueryBuilder<DB, TB, Row>;
  /** A unique string column: the checkpoint, and the last sort term of every page. */
  key: StringReference<DB, TB>;
  /** Reads `key` from a selected row. */
  keyOf: (row: Row) => string;
  /** Maps one page of rows to domain items, in order. */
  toItems: (rows: Row[]) => T[] | Promise<T[]>;
}

/**
 * Runs one page of a list. Checkpoint paging is keyset-based (`key > last`), so a page costs the same
 * however deep it is; offset paging adds a total, counted on the same query, when asked for.
 */
export async function pageByKey<DB, TB extends keyof DB, Row, T>({
  page,
  query,
  key,
  keyOf,
  toItems,
}: KeyPageOptions<DB, TB, Row, T>): Promise<PageResult<T>> {
  const ordered = query.orderBy(key);
  if (page.kind === 'checkpoint') {
    let q = ordered.limit(page.take + 1);
    // Kysely cannot resolve the value type of a generic column reference; `key` is a string column.
    if (page.from) q = q.where(key, '>', decodeCheckpoint(page.from, 1)[0] as never);
    const rows: Row[] = await q.execute();
    const items = await toItems(rows.slice(0, page.take));
    return rows.length > page.take ? { items, next: encodeCheckpoint([keyOf(rows[page.take - 1])]) } : { items };
  }
  const rows: Row[] = await ordered
    .limit(page.perPage)
    .offset(page.page * page.perPage)
    .execute();
  const result: PageResult<T> = { items: await toItems(rows) };
  if (page.includeTotals) {
    // PostgreSQL rejects ORDER BY on an ungrouped column beside count(*), so the count drops it too;
    // Kysely cannot name the selection over a generic DB, hence the cast to the one column selected.
    const { count } = await query
      .clearSelect()
      .clearOrderBy()
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .$castTo<{ count: number }>()
      .executeTakeFirstOrThrow();
    result.total = Number(count);
  }
  return result;
}
