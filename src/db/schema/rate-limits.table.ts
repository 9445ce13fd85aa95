import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `rate_limits`. JSON columns are text, booleans are integers 0/1. */
export interface RateLimitTable {
  bucket: string;
  window_start: number;
  count: number;
}

export type RateLimitRow = Selectable<RateLimitTable>;
export type NewRateLimitRow = Insertable<RateLimitTable>;
export type RateLimitRowUpdate = Updateable<RateLimitTable>;
