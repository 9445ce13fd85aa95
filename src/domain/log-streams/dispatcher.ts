import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { LogStreamOptions } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import type { LogStreamRow } from '../../db/schema/log-streams.table.js';
import { SYSTEM_ACTOR } from '../events/actor.js';
import { EVENT_TYPES } from '../events/event-types.js';
import type { EventsService } from '../events/events.service.js';
import { type DomainMetrics, NO_METRICS } from '../metrics/domain-metrics.js';
import { type Clock, iso } from '../shared/clock.js';
import { retryDelayMs } from './backoff.js';
import { resolvedEndpointProblem } from './endpoint-guard.js';
import { toLogEntry } from '../events/logs.queries.js';
import { advanceCursor, claimDueStreams, lastSeq, pendingEvents, recordFailure, releaseLease } from './log-streams.queries.js';
import type { LogStreamFilter, LogStreamSink, LogStreamType } from './log-streams.types.js';
import { deliveryRequests, webhookSigner } from './payloads.js';
import { createSender } from './sender.js';

/** Streams one process delivers at the same time, each in its own lease. */
const CONCURRENT_STREAMS = 8;
/** Batches one stream delivers in a run before it yields to the next run (and to other processes). */
const BATCHES_PER_RUN = 10;
/**
 * Within a batch sent one request per event (webhooks, JSONOBJECT), the cursor is committed at most
 * this often and at the batch's end, not after every request: one write per event cost as much as
 * the delivery. A process killed in between redelivers at most that much, which at-least-once allows.
 */
const COMMIT_INTERVAL_MS = 200;
/** Events the sequencer numbers per call (events.sequence); it is called again while it fills one. */
const SEQUENCE_BATCH = 1000;

/** The event types a stream's filters let through; undefined when there are no filters (every event). */
function typesFor(filters: LogStreamFilter[]): string[] | undefined {
  if (filters.length === 0) return undefined;
  const categories = new Set(filters.map((f) => f.name));
  return Object.entries(EVENT_TYPES)
    .filter(([, type]) => categories.has(type.category))
    .map(([code]) => code);
}

export interface DispatcherDeps {
  db: Kysely<Database>;
  clock: Clock;
  events: EventsService;
  options: LogStreamOptions;
  /** Where each delivered event's lag (delivery time − event time) is observed. */
  metrics?: DomainMetrics;
}

/** What one run did, for tests and the bench. */
export interface RunReport {
  requests: number;
  failures: number;
}

/**
 * Delivers every log stream from the events table, at least once and in seq order per stream.
 * Each run numbers new events (the sequencer), leases the streams that are due, and delivers each
 * one's next events outside any transaction; the cursor moves only after a 2xx and only while the
 * lease is held, so a process killed mid-delivery loses nothing: its lease lapses and another
 * process delivers again from the committed cursor.
 */
export function createLogStreamDispatcher({ db, clock, events, options, metrics = NO_METRICS }: DispatcherDeps) {
  const send = createSender(options.timeoutMs, options.allowPrivateEndpoints);
  // Host, pid and a random tag: who holds a lease is visible in the table (lease_owner).
  const owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  /** Records a failed attempt (the `failures`-th in a row): a wait before the next, or the suspension. */
  async function fail(stream: LogStreamRow, failures: number, error: string, report: RunReport): Promise<void> {
    report.failures += 1;
    const now = clock.now();
    const suspend = failures >= options.maxFailures;
    await db.transaction().execute(async (trx) => {
      const status = await recordFailure(trx, {
        id: stream.id,
        owner,
        failures,
        error,
        now: iso(now),
        nextAttemptAt: iso(new Date(now.getTime() + retryDelayMs(failures, options))),
        suspend,
      });
      if (suspend && status === 'suspended') {
        await events.record(trx, SYSTEM_ACTOR, {
          type: 'log_stream_suspended',
          details: { log_stream: { id: stream.id, name: stream.name, type: stream.type }, failures, last_error: error },
        });
      }
    });
  }

  /**
   * Observes the lag of the events of `rows` (in seq order) from index `from` up to seq `upTo`:
   * delivered now. Returns the index of the first event not yet delivered, where the next call starts.
   */
  function observeLag(rows: { seq: number | string | null; date: string }[], from: number, upTo: number): number {
    const now = clock.now().getTime();
    let index = from;
    for (; index < rows.length && Number(rows[index].seq) <= upTo; index += 1)
      metrics.eventDelivered(Math.max(0, now - Date.parse(rows[index].date)) / 1000);
    return index;
  }

  /** Delivers one leased stream up to `high`; always leaves it released (or lost to another process). */
  async function deliver(stream: LogStreamRow, high: number, report: RunReport): Promise<void> {
    const sink = JSON.parse(stream.sink) as LogStreamSink;
    const types = typesFor(JSON.parse(stream.filters) as LogStreamFilter[]);
    const target = { type: stream.type as LogStreamType, sink, httpAuthorization: stream.http_authorization };
    const sign = target.type === 'webhook' && stream.webhook_secret ? webhookSigner(stream.webhook_secret) : undefined;
    let cursor = Number(stream.cursor_seq);
    let failures = stream.failures;
    let leaseEnds = Date.parse(stream.lease_until ?? '');
    let committedAt = clock.now().getTime();

    /** Commits the cursor and renews the lease; undefined when the lease was lost. */
    async function commit(next: number, delivered: boolean) {
      const now = clock.now().getTime();
      const status = await advanceCursor(db, {
        id: stream.id,
        owner,
        cursor: next,
        now: iso(new Date(now)),
        leaseUntil: iso(new Date(now + options.leaseMs)),
        delivered,
      });
      if (status !== undefined) {
        cursor = next;
        leaseEnds = now + options.leaseMs;
        committedAt = now;
        if (delivered) failures = 0;
      }
      return status;
    }

    let checkedEndpoint = false;
    // The events a request carried are those after the previous request's last seq, up to its own.
    let sent = cursor;
    for (let batch = 0; batch < BATCHES_PER_RUN; batch += 1) {
      const rows = await pendingEvents(db, { after: cursor, upTo: high, types, limit: options.batchSize });
      // A short batch is the last: nothing else up to `high` passes the filters, so the cursor may skip there.
      const complete = rows.length < options.batchSize;
      if (!checkedEndpoint && rows.length > 0) {
        const problem = await resolvedEndpointProblem(sink.httpEndpoint, options.allowPrivateEndpoints).catch(
          (error: unknown) => `the endpoint's host does not resolve (${(error as { code?: string }).code ?? String(error)})`,
        );
        if (problem) return fail(stream, failures + 1, problem, report);
        checkedEndpoint = true;
      }
      const requests = deliveryRequests(
        target,
        rows.map((row) => ({ seq: Number(row.seq), action: row.action, entry: toLogEntry(row) })),
      );
      let observed = 0;
      for (const [index, request] of requests.entries()) {
        // A request must end inside the lease, or another process could take the stream and send it too.
        if (leaseEnds - clock.now().getTime() < options.timeoutMs * 1.5 && (await commit(sent, sent > cursor)) === undefined) return;
        const headers = sign ? sign(request, clock.now()) : request.headers;
        report.requests += 1;
        const outcome = await send(sink.httpEndpoint, request.body, headers);
        if (!outcome.ok) {
          // What was delivered before the failure stays delivered.
          if (sent > cursor && (await commit(sent, true)) === undefined) return;
          return fail(stream, failures + 1, outcome.error, report);
        }
        observed = observeLag(rows, observed, request.lastSeq);
        sent = request.lastSeq;
        const last = index === requests.length - 1;
        if (!last && clock.now().getTime() - committedAt < COMMIT_INTERVAL_MS) continue;
        const status = await commit(complete && last ? high : sent, true);
        if (status === undefined) return; // the lease lapsed: another process delivers from the committed cursor
        if (status !== 'active') return releaseLease(db, stream.id, owner);
      }
      if (complete) {
        // Nothing (more) passed the filters: the cursor still moves past what was looked at.
        if (cursor < high && (await commit(high, false)) === undefined) return;
        break;
      }
    }
    await releaseLease(db, stream.id, owner);
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  const dispatcher = {
    /** One run: number new events, lease the due streams, deliver them. */
    async run(): Promise<RunReport> {
      while ((await events.sequence(SEQUENCE_BATCH)) === SEQUENCE_BATCH) {
        // keep numbering until the backlog is gone
      }
      const high = await lastSeq(db);
      const report: RunReport = { requests: 0, failures: 0 };
      const now = iso(clock.now());
      const leaseUntil = iso(new Date(clock.now().getTime() + options.leaseMs));
      const streams = await claimDueStreams(db, { owner, now, leaseUntil, high, limit: CONCURRENT_STREAMS });
      // Settled, not all: a run ends only when every delivery it started has.
      const outcomes = await Promise.allSettled(streams.map((stream) => deliver(stream, high, report)));
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
      return report;
    },

    /**
     * Runs every `intervalMs` until stop(); runs never overlap. A run that fails (the database is
     * down) is reported to `onError`, the first of a series only, and the next run tries again.
     */
    start(onError: (error: unknown) => void): void {
      if (timer) return;
      let failing = false;
      const loop = () => {
        running = dispatcher
          .run()
          .then(
            () => {
              failing = false;
            },
            (error: unknown) => {
              // Once per streak: a database outage would otherwise log twice a second.
              if (!failing) onError(error);
              failing = true;
            },
          )
          .finally(() => {
            running = undefined;
            if (timer) timer = setTimeout(loop, options.intervalMs).unref();
          });
      };
      timer = setTimeout(loop, options.intervalMs).unref();
    },

    /** Stops the loop and waits for a run in progress, so its cursor commits before the database closes. */
    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
  return dispatcher;
}

export type LogStreamDispatcher = ReturnType<typeof createLogStreamDispatcher>;
