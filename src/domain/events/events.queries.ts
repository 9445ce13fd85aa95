import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { NewEventRow } from '../../db/schema/events.table.js';
import { inStatementChunks } from '../shared/bound-parameters.js';
import { randomString } from '../shared/ids.js';

type Executor = Kysely<Database> | Transaction<Database>;

let counter = 0;

/**
 * Event ids sort in insertion order within a process (milliseconds, then a counter), which is the
 * order the sequencer numbers events committed together; the random tail keeps processes apart.
 */
export function eventId(at: Date): string {
  counter = (counter + 1) % 1_000_000_000;
  return `${String(at.getTime()).padStart(13, '0')}${String(counter).padStart(9, '0')}${randomString(6)}`;
}

/** Multi-row inserts, as few as the bound-parameter limits allow (one for the event batch's 200 rows). */
export async function insertEvents(db: Executor, rows: NewEventRow[]): Promise<void> {
  for (const chunk of inStatementChunks(rows, Object.keys(rows[0] ?? {}).length)) await db.insertInto('events').values(chunk).execute();
}

/**
 * Numbers the committed events that have no seq yet, in id order, after the last seq given; returns
 * how many it numbered. The sequence row is locked first (PostgreSQL: FOR UPDATE; SQLite: the write
 * lock of the UPDATE), so concurrent sequencers queue and each sees the events committed before it.
 */
export async function sequencePending(db: Kysely<Database>, batch: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // A no-op UPDATE takes the row lock on both dialects.
    await trx.updateTable('event_sequence').set({ last_seq: sql`last_seq` }).where('id', '=', 1).execute();
    const { last_seq: last } = await trx.selectFrom('event_sequence').select('last_seq').where('id', '=', 1).executeTakeFirstOrThrow();
    const result = await sql`
      update events set seq = ${last} + pending.rn
      from (select id, row_number() over (order by id) as rn from events where seq is null order by id limit ${batch}) as pending
      where events.id = pending.id`.execute(trx);
    const numbered = Number(result.numAffectedRows ?? 0n);
    if (numbered > 0)
      await trx
        .updateTable('event_sequence')
        .set({ last_seq: last + numbered })
        .where('id', '=', 1)
        .execute();
    return numbered;
  });
}
