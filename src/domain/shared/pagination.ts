import { invalidQuery } from '../errors.js';

/** Offset paging as Auth0 spells it: `page` (0-based), `per_page`, `include_totals`. */
export interface OffsetPage {
  kind: 'offset';
  page: number;
  perPage: number;
  includeTotals: boolean;
}

/** Checkpoint paging: `from` is the opaque `next` of the previous page, `take` the page size. */
export interface CheckpointPage {
  kind: 'checkpoint';
  from: string | undefined;
  take: number;
}

export type PageRequest = OffsetPage | CheckpointPage;

export interface PageResult<T> {
  items: T[];
  /** Offset paging with totals. */
  total?: number;
  /** Checkpoint paging: present when more items follow. */
  next?: string;
}

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 100;
/**
 * The highest `page` index accepted: `page * per_page` then stays far below both a safe JavaScript
 * integer and a 32-bit SQL OFFSET, on either dialect, instead of overflowing into a 500.
 */
export const MAX_PAGE = 10_000_000;

/** Reads offset paging parameters, for lists that page only by offset. */
export function offsetPage(query: { page?: number; per_page?: number; include_totals?: boolean }): OffsetPage {
  return {
    kind: 'offset',
    page: query.page ?? 0,
    perPage: query.per_page ?? DEFAULT_PER_PAGE,
    includeTotals: query.include_totals ?? false,
  };
}

/** Reads paging parameters; `from`/`take` select checkpoint paging as in Auth0. */
export function pageRequest(query: {
  page?: number;
  per_page?: number;
  include_totals?: boolean;
  from?: string;
  take?: number;
}): PageRequest {
  if (query.from !== undefined || query.take !== undefined) {
    return { kind: 'checkpoint', from: query.from || undefined, take: query.take ?? DEFAULT_PER_PAGE };
  }
  return offsetPage(query);
}

/** Encodes a checkpoint (the sort key of the last item) as an opaque token. */
export function encodeCheckpoint(key: string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a checkpoint; a malformed one is a 400 naming `from`. */
export function decodeCheckpoint(token: string, parts: number): string[] {
  try {
    const key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === parts && key.every((p) => typeof p === 'string')) return key;
  } catch {
    // fall through to the error below
  }
  invalidQuery('from', 'Invalid checkpoint');
}
