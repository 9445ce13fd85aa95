import { randomBytes } from 'node:crypto';
import type { LogStreamOptions } from '../../config/config.js';
import type { LogStreamRowUpdate } from '../../db/schema/log-streams.table.js';
import type { Actor } from '../events/actor.js';
import { fail } from '../errors.js';
import type { ServiceDeps } from '../services.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { int } from '../shared/json.js';
import { createLogStreamDispatcher } from './dispatcher.js';
import { findLogStreamRow, lastSeq, listLogStreamRows, toLogStream } from './log-streams.queries.js';
import type { LogStream, LogStreamInput, LogStreamPatch, LogStreamSinkInput, LogStreamWithSecret } from './log-streams.types.js';
import { checkedSink } from './sink-rules.js';

/** A Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64, as the specification writes them. */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

const DEFAULT_NAMES = { http: 'Custom Webhook', webhook: 'Standard Webhook' } as const;

function notFound(): never {
  fail('inexistent_log_stream', 'The log stream does not exist.');
}

/** Names of what a patch changes, for the event (never the values: a sink holds secrets). */
function changedFields(patch: LogStreamPatch): string[] {
  const top = Object.keys(patch).filter((key) => key !== 'sink');
  const sink = Object.keys(patch.sink ?? {}).map((key) => `sink.${key}`);
  return [...top, ...sink].sort();
}

/**
 * Log streams: where the event log is delivered (Auth0's `http` custom webhook, or a `webhook` signed
 * per Standard Webhooks), and the dispatcher that delivers them. A stream starts at the newest event
 * when created; its secrets (the Authorization value, the signing secret) are written, never read back.
 */
export function createLogStreamsService(deps: ServiceDeps & { options: LogStreamOptions }) {
  const { db, clock, events, options } = deps;
  const allowPrivate = options.allowPrivateEndpoints;

  async function get(id: string): Promise<LogStream> {
    const row = await findLogStreamRow(db, id);
    if (!row) notFound();
    return toLogStream(row, await lastSeq(db));
  }

  return {
    get,

    async list(): Promise<LogStream[]> {
      const [rows, last] = await Promise.all([listLogStreamRows(db), lastSeq(db)]);
      return rows.map((row) => toLogStream(row, last));
    },

    async create(actor: Actor, input: LogStreamInput): Promise<LogStreamWithSecret> {
      const sink = checkedSink(input.type, input.sink, allowPrivate);
      const webhookSecret = input.type === 'webhook' ? newWebhookSecret() : undefined;
      // Events committed until now get their seq first: the stream starts after them.
      await events.sequence();
      const id = prefixedId('lst');
      const now = iso(clock.now());
      const name = input.name ?? DEFAULT_NAMES[input.type];
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('log_streams')
          .values({
            id,
            name,
            type: input.type,
            status: 'active',
            is_priority: int(input.isPriority ?? false),
            filters: JSON.stringify(input.filters ?? []),
            sink: JSON.stringify(sink),
            http_authorization: input.type === 'http' && input.sink.httpAuthorization ? input.sink.httpAuthorization : null,
            webhook_secret: webhookSecret ?? null,
            cursor_seq: await lastSeq(trx),
            failures: 0,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await events.record(trx, actor, { type: 'log_stream_created', details: { log_stream: { id, name, type: input.type } } });
      });
      const created = await get(id);
      return webhookSecret ? { ...created, sink: { ...created.sink, webhookSecret } } : created;
    },

    async update(actor: Actor, id: string, patch: LogStreamPatch): Promise<LogStream> {
      await db.transaction().execute(async (trx) => {
        const row = await findLogStreamRow(trx, id);
        if (!row) notFound();
        const changes: LogStreamRowUpdate = { updated_at: iso(clock.now()) };
        if (patch.name !== undefined) changes.name = patch.name;
        if (patch.isPriority !== undefined) changes.is_priority = int(patch.isPriority);
        if (patch.filters !== undefined) changes.filters = JSON.stringify(patch.filters);
        if (patch.sink !== undefined) {
          const { httpAuthorization, ...rest } = patch.sink;
          const merged = { ...(JSON.parse(row.sink) as LogStreamSinkInput), ...rest };
          if (httpAuthorization !== undefined) merged.httpAuthorization = httpAuthorization;
          changes.sink = JSON.stringify(checkedSink(row.type as LogStreamInput['type'], merged, allowPrivate));
          // "" removes the Authorization header; a value replaces it; left out, it stays.
          if (httpAuthorization !== undefined) changes.http_authorization = httpAuthorization || null;
          // New settings are tried at the next run, not after the wait the old ones earned.
          changes.next_attempt_at = null;
        }
        if (patch.status !== undefined && patch.status !== row.status) {
          changes.status = patch.status;
          // Resuming starts afresh from the cursor: no failures counted, no wait.
          if (patch.status === 'active') Object.assign(changes, { failures: 0, next_attempt_at: null });
        }
        await trx.updateTable('log_streams').set(changes).where('id', '=', id).execute();
        await events.record(trx, actor, {
          type: 'log_stream_updated',
          details: { log_stream: { id, name: changes.name ?? row.name, type: row.type }, changed: changedFields(patch) },
        });
      });
      return get(id);
    },

    /** A new signing secret for a webhook stream, shown in this answer only; the old one stops signing at once. */
    async rotateSecret(actor: Actor, id: string): Promise<LogStreamWithSecret> {
      const webhookSecret = newWebhookSecret();
      await db.transaction().execute(async (trx) => {
        const row = await findLogStreamRow(trx, id);
        if (!row) notFound();
        if (row.type !== 'webhook') fail('operation_not_supported', 'Only webhook streams have a signing secret.');
        await trx
          .updateTable('log_streams')
          .set({ webhook_secret: webhookSecret, updated_at: iso(clock.now()) })
          .where('id', '=', id)
          .execute();
        await events.record(trx, actor, {
          type: 'log_stream_updated',
          details: { log_stream: { id, name: row.name, type: row.type }, changed: ['sink.webhookSecret'] },
        });
      });
      const stream = await get(id);
      return { ...stream, sink: { ...stream.sink, webhookSecret } };
    },

    async remove(actor: Actor, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await findLogStreamRow(trx, id);
        if (!row) notFound();
        await trx.deleteFrom('log_streams').where('id', '=', id).execute();
        await events.record(trx, actor, { type: 'log_stream_deleted', details: { log_stream: { id, name: row.name, type: row.type } } });
      });
    },

    /** Delivers the streams: started by `gatehouse start` in every process, run by hand in tests. */
    dispatcher: createLogStreamDispatcher({ db, clock, events, options, metrics: deps.metrics }),
  };
}

export type LogStreamsService = ReturnType<typeof createLogStreamsService>;
