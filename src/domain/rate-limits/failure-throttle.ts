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
