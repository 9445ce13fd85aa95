import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Clock } from '../shared/clock.js';

/** A slot taken in a bucket's current window; `release` gives it back to that same window. */
export interface Reservation {
  bucket: string;
  windowStart: number;
}

/**
 * Counts failures per bucket in fixed windows stored in the database, so brute force is throttled
 * across every Gatehouse process. An attempt first reserves a slot with one atomic statement (the
 * increment only happens while the count is under the limit), so N parallel attempts never get past
 * the limit; a failure keeps its slot, a success gives it back (`release`) or empties the bucket (`clear`).
 */
export function createFailureThrottle(db: Kysely<Database>, clock: Clock, options: { max: number; windowSeconds: number }) {
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);
  const windowOf = (now: number) => now - (now % options.windowSeconds);
  return {
    options,
    /**
     * Takes a slot in the current window: the reservation, or the seconds until the window ends
     * when it is full. INSERT … ON CONFLICT DO UPDATE … WHERE count < max RETURNING is one statement
     * on both dialects (SQLite ≥ 3.35); no returned row means the update's condition was false.
     */
    async reserve(bucket: string): Promise<{ reservation: Reservation } | { waitSeconds: number }> {
      const now = nowSeconds();
      const windowStart = windowOf(now);
      const row = await db
        .insertInto('rate_limits')
        .values({ bucket, window_start: windowStart, count: 1 })
        .onConflict((oc) =>
          oc
            .columns(['bucket', 'window_start'])
            .doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) }))
            .where('rate_limits.count', '<', options.max),
        )
        .returning('count')
        .executeTakeFirst();
      if (row) return { reservation: { bucket, windowStart } };
      return { waitSeconds: Math.max(1, windowStart + options.windowSeconds - now) };
    },
    /** Gives a reserved slot back (the attempt did not fail). */
    async release(reservation: Reservation): Promise<void> {
      await db
        .updateTable('rate_limits')
        .set((eb) => ({ count: eb('count', '-', 1) }))
        .where('bucket', '=', reservation.bucket)
        .where('window_start', '=', reservation.windowStart)
        .where('count', '>', 0)
        .execute();
    },
    /** Empties a bucket in every window (a success forgives the failures before it). */
    async clear(bucket: string): Promise<void> {
      await db.deleteFrom('rate_limits').where('bucket', '=', bucket).execute();
    },
  };
}

export type FailureThrottle = ReturnType<typeof createFailureThrottle>;
