import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { EventRow } from '../../db/schema/events.table.js';
import { formatLogId } from './log-id.js';
import type { LogEntry } from './logs.types.js';

// MDN's advice for telling a phone from a user agent: look for "Mobi" anywhere in it.
const MOBILE = /Mobi/;

/** A sequenced event row as a log entry: Auth0's field names, null fields left out. */
export function toLogEntry(row: EventRow): LogEntry {
  const entry: LogEntry = {
    log_id: formatLogId(Number(row.seq)),
    date: row.date,
    type: row.type,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
  const optional = {
    description: row.description,
    client_id: row.client_id,
    client_name: row.client_name,
    ip: row.ip,
    user_agent: row.user_agent,
    user_id: row.user_id,
    user_name: row.user_name,
    connection: row.connection,
    connection_id: row.connection_id,
    strategy: row.strategy,
    strategy_type: row.strategy_type,
    organization_id: row.organization_id,
    organization_name: row.organization_name,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== null) (entry as unknown as Record<string, unknown>)[key] = value;
  if (row.user_agent !== null) entry.isMobile = MOBILE.test(row.user_agent);
  return entry;
}

/** The events readers may see: the sequenced ones (an event gets its seq once committed). */
export function sequencedEvents(db: Kysely<Database>) {
  return db.selectFrom('events').where('events.seq', 'is not', null);
}

/** Whether any committed event still waits for its seq (uses the partial index on unsequenced ids). */
export async function hasUnsequencedEvents(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('events').select('id').where('seq', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Deletes up to `batch` events dated before `cutoff` (ISO), oldest first; returns how many went. Age
 * alone decides: an event nobody has read yet goes too once it is older than the retention.
 */
export async function deleteEventsBefore(db: Kysely<Database>, cutoff: string, batch: number): Promise<number> {
  const result = await db
    .deleteFrom('events')
    .where('id', 'in', (eb) => eb.selectFrom('events').select('id').where('date', '<', cutoff).orderBy('date').limit(batch))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
