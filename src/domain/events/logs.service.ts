import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { fail, invalidQuery } from '../errors.js';
import type { OffsetPage, PageRequest, PageResult } from '../shared/pagination.js';
import type { EventsService } from './events.service.js';
import { parseLogQuery } from './log-query.js';
import { type EventWhere, logQueryWhere } from './log-query.sql.js';
import { parseLogId } from './log-id.js';
import { hasUnsequencedEvents, sequencedEvents, toLogEntry } from './logs.queries.js';
import { LOG_FIELDS, type LogEntry, type LogField, type LogSearch } from './logs.types.js';

const SEQUENCE_BATCH = 1000;

/** Auth0's `sort`: `date:1` (oldest first) or `date:-1` (newest first, the default). */
function sortDirection(sort: string | undefined): 'asc' | 'desc' {
  if (sort === undefined || sort === 'date:-1') return 'desc';
  if (sort === 'date:1') return 'asc';
  return invalidQuery('sort', 'Sort must be date:1 or date:-1');
}

/** Auth0's `fields` + `include_fields`: keep only the fields named, or all but them. */
function projection(fields: string | undefined, includeFields = true): (entry: LogEntry) => Partial<LogEntry> {
  const names = (fields ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (names.length === 0) return (entry) => entry;
  const unknown = names.filter((name) => !(LOG_FIELDS as readonly string[]).includes(name));
  if (unknown.length) {
    invalidQuery('fields', `Unknown field ${unknown[0]}; fields are ${LOG_FIELDS.join(', ')}`);
  }
  const named = new Set(names as LogField[]);
  return (entry) =>
    Object.fromEntries(Object.entries(entry).filter(([key]) => named.has(key as LogField) === includeFields)) as Partial<LogEntry>;
}

/**
 * The audit log's read side (`/api/v2/logs`). Every read first numbers the events committed since
 * the last read, so an entry is listed as soon as its change committed, and checkpoints (log ids,
 * which are seqs) only ever grow: an event that commits late gets a later seq, never one behind a
 * checkpoint already handed out.
 */
export function createLogsService({ db, events }: { db: Kysely<Database>; events: EventsService }) {
  async function sequenced(): Promise<void> {
    if (!(await hasUnsequencedEvents(db))) return;
    while ((await events.sequence(SEQUENCE_BATCH)) === SEQUENCE_BATCH) {
      // a full batch: more may wait
    }
  }

  /** Offset paging, by date (then seq) in the direction asked; the total counted on the same filter. */
  async function search(page: OffsetPage, where: EventWhere | undefined, options: LogSearch): Promise<PageResult<Partial<LogEntry>>> {
    const direction = sortDirection(options.sort);
    const project = projection(options.fields, options.includeFields);
    await sequenced();
    const filtered = where ? sequencedEvents(db).where(where) : sequencedEvents(db);
    const rows = await filtered
      .selectAll()
      .orderBy('date', direction)
      .orderBy('seq', direction)
      .limit(page.perPage)
      .offset(page.page * page.perPage)
      .execute();
    const items = rows.map((row) => project(toLogEntry(row)));
    if (!page.includeTotals) return { items };
    const { count } = await filtered.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    return { items, total: Number(count) };
  }

  /**
   * Auth0's checkpoint paging: the `take` entries after log id `from`, in log id order. `next` is the
   * checkpoint to resume from: the last entry's log id, or `from` again when nothing is newer yet.
   */
  async function afterCheckpoint(from: string | undefined, take: number): Promise<PageResult<LogEntry>> {
    const after = from === undefined ? 0 : parseLogId(from);
    if (after === undefined) {
      invalidQuery('from', 'from must be a log_id (up to 20 digits)');
    }
    await sequenced();
    const rows = await sequencedEvents(db).selectAll().where('seq', '>', after).orderBy('seq').limit(take).execute();
    const items = rows.map(toLogEntry);
    const next = items.length ? items[items.length - 1].log_id : from;
    return next === undefined ? { items } : { items, next };
  }

  return {
    /**
     * Searches (`q`, `sort`, `fields`, offset paging) or reads from a checkpoint (`from`/`take`); as in
     * Auth0, a checkpoint read ignores every other parameter.
     */
    async list(page: PageRequest, options: LogSearch): Promise<PageResult<Partial<LogEntry>>> {
      if (page.kind === 'checkpoint') return afterCheckpoint(page.from, page.take);
      const q = parseLogQuery(options.q);
      return search(page, q && logQueryWhere(q), options);
    },

    /** The entries about one user, newest first by default. An unknown user has none (Auth0 answers []). */
    async listForUser(userId: string, page: OffsetPage, options: Pick<LogSearch, 'sort'>): Promise<PageResult<Partial<LogEntry>>> {
      return search(page, (eb) => eb('events.user_id', '=', userId), options);
    },

    async get(logId: string): Promise<LogEntry> {
      const seq = parseLogId(logId);
      if (seq !== undefined) {
        await sequenced();
        const row = await sequencedEvents(db).selectAll().where('seq', '=', seq).executeTakeFirst();
        if (row) return toLogEntry(row);
      }
      return fail('inexistent_log', 'The log does not exist.');
    },
  };
}

export type LogsService = ReturnType<typeof createLogsService>;
