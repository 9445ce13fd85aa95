import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Clock } from '../shared/clock.js';

export interface RateLimitDecision {
  limit: number;
  remaining: number;
  /** Unix time (seconds) when the current window ends. */
  reset: number;
  /** Seconds until the window ends, at least 1: the `Retry-After` of a refused request. */
  retryAfter: number;
  allowed: boolean;
}

/**
 * Fixed-window counters kept in the database, so every Gatehouse process behind a load balancer
 * counts against the same limit.
 */
export function createRateLimiter(db: Kysely<Database>, clock: Clock, options: { max: number; windowSeconds: number }) {
  let lastSweep = 0;
  return {
    async hit(bucket: string): Promise<RateLimitDecision> {
      const nowSeconds = Math.floor(clock.now().getTime() / 1000);
      const windowStart = nowSeconds - (nowSeconds % options.windowSeconds);
      const row = await db
        .insertInto('rate_limits')
        .values({ bucket, window_start: windowStart, count: 1 })
        .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })))
        .returning('count')
        .executeTakeFirstOrThrow();
      if (nowSeconds - lastSweep > options.windowSeconds) {
        lastSweep = nowSeconds;
        await db.deleteFrom('rate_limits').where('window_start', '<', windowStart).execute();
      }
      const count = Number(row.count);
      return {
        limit: options.max,
        remaining: Math.max(0, options.max - count),
        reset: windowStart + options.windowSeconds,
        retryAfter: Math.max(1, windowStart + options.windowSeconds - nowSeconds),
        allowed: count <= options.max,
      };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
