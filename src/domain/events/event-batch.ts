import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Actor } from './actor.js';
import type { EventsService } from './events.service.js';
import type { EventInput } from './events.types.js';

interface Queued {
  actor: Actor;
  input: EventInput;
  done: (error?: unknown) => void;
}

/** Rows written together at most; a larger burst is written in several transactions. */
const MAX_ROWS = 200;

/**
 * Writes outcomes that change nothing and come by the hundred per second (token exchanges) in one
 * statement per turn of the event loop. SQLite writes every index page an insert touches to the
 * WAL on each commit: the events table has eight indexes, so a commit per token cost more than the
 * rest of the token endpoint's database work; a commit per batch costs a fraction of it. Each
 * caller still waits until its event is committed, so a response never outruns its event.
 */
export function createEventBatch(db: Kysely<Database>, events: EventsService) {
  let queue: Queued[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_ROWS);
      queue = queue.slice(MAX_ROWS);
      try {
        // One INSERT for the whole batch: atomic without a transaction (PostgreSQL: BEGIN and COMMIT are round trips).
        await events.recordAll(
          db,
          batch.map((item) => ({ actor: item.actor, event: item.input })),
        );
        for (const item of batch) item.done();
      } catch (error) {
        for (const item of batch) item.done(error);
      }
    }
  }

  return {
    /** Records the event with the next batch; resolves once it is committed. */
    record(actor: Actor, input: EventInput): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        queue.push({ actor, input, done: (error) => (error === undefined ? resolve() : reject(error)) });
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}

export type EventBatch = ReturnType<typeof createEventBatch>;
