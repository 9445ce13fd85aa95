import { type Kysely, PostgresAdapter, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { EventRow } from '../../db/schema/events.table.js';
import type { LogStreamRow } from '../../db/schema/log-streams.table.js';
import { bool } from '../shared/json.js';
import { formatLogId as logId } from '../events/log-id.js';
import type { LogStream, LogStreamFilter, LogStreamSink, LogStreamStatus, LogStreamType } from './log-streams.types.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The stream as the API shows it; `lastSeq` (the newest event's seq) gives its lag. Secrets stay behind. */
export function toLogStream(row: LogStreamRow, lastSeq: number): LogStream {
  const cursor = Number(row.cursor_seq);
  return {
    id: row.id,
    name: row.name,
    type: row.type as LogStreamType,
    status: row.status as LogStreamStatus,
    isPriority: bool(row.is_priority),
    filters: JSON.parse(row.filters) as LogStreamFilter[],
    sink: JSON.parse(row.sink) as LogStreamSink,
    delivery: {
      cursor: logId(cursor),
      failures: row.failures,
      last_error: row.last_error,
      last_attempt_at: row.last_attempt_at,
      last_success_at: row.last_success_at,
      next_attempt_at: row.next_attempt_at,
      lag: Math.max(0, lastSeq - cursor),
    },
  };
}

export function findLogStreamRow(db: Executor, id: string): Promise<LogStreamRow | undefined> {
  return db.selectFrom('log_streams').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listLogStreamRows(db: Executor): Promise<LogStreamRow[]> {
  return db.selectFrom('log_streams').selectAll().orderBy('created_at').orderBy('id').execute();
}

/** The seq of the newest sequenced event: every event up to it is committed and numbered. */
export async function lastSeq(db: Executor): Promise<number> {
  const row = await db.selectFrom('event_sequence').select('last_seq').where('id', '=', 1).executeTakeFirst();
  return Number(row?.last_seq ?? 0);
}

/**
 * Leases up to `limit` active streams that are due (no retry waiting, no live lease) and behind
 * `high`, for `owner` until `leaseUntil`, and returns them. One statement: on PostgreSQL the
 * candidate rows are locked with FOR UPDATE SKIP LOCKED, so two processes never lease the same
 * stream and neither waits for the other; on SQLite the UPDATE holds the database's write lock.
 */
export function claimDueStreams(
  db: Kysely<Database>,
  claim: { owner: string; now: string; leaseUntil: string; high: number; limit: number },
): Promise<LogStreamRow[]> {
  let due = db
    .selectFrom('log_streams')
    .select('id')
    .where('status', '=', 'active')
    .where('cursor_seq', '<', claim.high)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', claim.now)]))
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', claim.now)]))
    // Longest since an attempt first, so that busy streams take turns (never attempted: '' sorts first).
    .orderBy(sql`coalesce(last_attempt_at, '')`)
    .orderBy('id')
    .limit(claim.limit);
  if (db.getExecutor().adapter instanceof PostgresAdapter) due = due.forUpdate().skipLocked();
  return db
    .updateTable('log_streams')
    .set({ lease_owner: claim.owner, lease_until: claim.leaseUntil })
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

/** Sequenced events after `after` up to `upTo`, in seq order, of the given types (all when undefined). */
export function pendingEvents(
  db: Executor,
  range: { after: number; upTo: number; types: string[] | undefined; limit: number },
): Promise<EventRow[]> {
  let query = db.selectFrom('events').selectAll().where('seq', '>', range.after).where('seq', '<=', range.upTo);
  if (range.types) query = query.where('type', 'in', range.types);
  return query.orderBy('seq').limit(range.limit).execute();
}

/**
 * Commits delivery up to `cursor` and renews the lease, only while `owner` still holds it: a
 * process whose lease lapsed (it stalled; another took over) changes nothing. Returns the stream's
 * status, or undefined when the lease was lost.
 */
export async function advanceCursor(
  db: Executor,
  advance: { id: string; owner: string; cursor: number; now: string; leaseUntil: string; delivered: boolean },
): Promise<LogStreamStatus | undefined> {
  const row = await db
    .updateTable('log_streams')
    .set({
      cursor_seq: advance.cursor,
      lease_until: advance.leaseUntil,
      ...(advance.delivered ? { failures: 0, next_attempt_at: null, last_attempt_at: advance.now, last_success_at: advance.now } : {}),
    })
    .where('id', '=', advance.id)
    .where('lease_owner', '=', advance.owner)
    .where('lease_until', '>', advance.now)
    .returning('status')
    .executeTakeFirst();
  return row?.status as LogStreamStatus | undefined;
}

/** Gives the stream back, so that any process may take it at its next run. */
export async function releaseLease(db: Executor, id: string, owner: string): Promise<void> {
  await db
    .updateTable('log_streams')
    .set({ lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

/**
 * Records a failed attempt and gives the lease back; the stream waits until `nextAttemptAt`, or is
 * suspended when `suspend` (unless it was paused meanwhile). Returns the status it is left in, or
 * undefined when the lease had already been lost.
 */
export async function recordFailure(
  db: Executor,
  failure: { id: string; owner: string; failures: number; error: string; now: string; nextAttemptAt: string; suspend: boolean },
): Promise<LogStreamStatus | undefined> {
  const row = await db
    .updateTable('log_streams')
    .set({
      failures: failure.failures,
      last_error: failure.error,
      last_attempt_at: failure.now,
      next_attempt_at: failure.suspend ? null : failure.nextAttemptAt,
      lease_owner: null,
      lease_until: null,
      ...(failure.suspend ? { status: sql<string>`case when status = 'active' then 'suspended' else status end` } : {}),
    })
    .where('id', '=', failure.id)
    .where('lease_owner', '=', failure.owner)
    .returning('status')
    .executeTakeFirst();
  return row?.status as LogStreamStatus | undefined;
}
