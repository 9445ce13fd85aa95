import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Clock } from '../shared/clock.js';

/**
 * Counts failures (not attempts) per bucket in fixed windows stored in the database, so brute force
 * is throttled across every Gatehouse process. A success clears the account's bucket.
 */
export function createFailureThrottle(db: Kysely<Database>, clock: Clock, options: { max: number; windowSeconds: number }) {
  const windowOf = () => {
    const now = Math.floor(clock.now().getTime() / 1000);
    return now - (now % options.windowSeconds);
  };
  return {
    options,
    /** Seconds until the bucket unlocks, or 0 when it is not locked. */
    async lockedFor(bucket: string): Promise<number> {
      const start = windowOf();
      const row = await db.selectFrom('rate_limits').select('count')
        .where('bucket', '=', bucket).where('window_start', '=', start).executeTakeFirst();
      if (!row || Number(row.count) < options.max) return 0;
      return start + options.windowSeconds - Math.floor(clock.now().getTime() / 1000);
    },
    async recordFailure(bucket: string): Promise<void> {
      await db.insertInto('rate_limits').values({ bucket, window_start: windowOf(), count: 1 })
        .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })))
        .execute();
    },
    async clear(bucket: string): Promise<void> {
      await db.deleteFrom('rate_limits').where('bucket', '=', bucket).execute();
    },
  };
}

export type FailureThrottle = ReturnType<typeof createFailureThrottle>;

/**
 * The longest wait over several (throttle, bucket) pairs, read in one query: the pairs share one
 * database and the current windows are compared per pair. 0 when none is locked.
 */
export async function lockedForAny(db: Kysely<Database>, clock: Clock, checks: { throttle: FailureThrottle; bucket: string }[]): Promise<number> {
  const nowSeconds = Math.floor(clock.now().getTime() / 1000);
  const startOf = (windowSeconds: number) => nowSeconds - (nowSeconds % windowSeconds);
  const rows = await db.selectFrom('rate_limits').select(['bucket', 'window_start', 'count'])
    .where((eb) => eb.or(checks.map(({ throttle, bucket }) => eb.and([
      eb('bucket', '=', bucket), eb('window_start', '=', startOf(throttle.options.windowSeconds)),
    ])))).execute();
  let wait = 0;
  for (const { throttle, bucket } of checks) {
    const start = startOf(throttle.options.windowSeconds);
    const row = rows.find((r) => r.bucket === bucket && Number(r.window_start) === start);
    if (row && Number(row.count) >= throttle.options.max) wait = Math.max(wait, start + throttle.options.windowSeconds - nowSeconds);
  }
  return wait;
}
