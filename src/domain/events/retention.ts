import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type Clock, iso } from '../shared/clock.js';
import { deleteEventsBefore } from './logs.queries.js';

const DAY_MS = 86_400_000;
/** Rows per DELETE: short statements, so a large first sweep never holds the write lock for long. */
const SWEEP_BATCH = 1000;

/**
 * Deletes the events older than the retention period (`GATEHOUSE_LOG_RETENTION_DAYS`), in batches;
 * returns how many went. Run periodically beside the other sweeps.
 */
export async function sweepExpiredEvents(db: Kysely<Database>, clock: Clock, retentionDays: number, batch = SWEEP_BATCH): Promise<number> {
  const cutoff = iso(new Date(clock.now().getTime() - retentionDays * DAY_MS));
  let total = 0;
  for (;;) {
    const deleted = await deleteEventsBefore(db, cutoff, batch);
    total += deleted;
    if (deleted < batch) return total;
  }
}
