import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { Actor } from '../events/actor.js';
import type { EventsService } from '../events/events.service.js';
import { type Clock, iso } from '../shared/clock.js';
import { lockConnection } from '../users/users.queries.js';
import { importBatch, type BatchContext, type BatchOutcome } from './import-batch.js';
import { exportUsers, type ExportOptions } from './export-users.js';
import { advanceJob, chunkAt, claimJob, finishJob, findJob, nextRunnableJob, sweepAbandonedUploads } from './jobs.queries.js';

export interface ImportRunnerOptions {
  /** Rows per transaction. */
  batchSize: number;
  /** How long a claimed job stays this process's without a committed batch. */
  leaseMs: number;
  /** How often a running server looks for a job left by a process that died. */
  pollMs: number;
  /** Most bytes of an uploaded file held in one stored chunk (and so in memory). */
  chunkBytes: number;
  /** Largest users file an import takes. */
  maxFileBytes: number;
}

export const DEFAULT_IMPORT_RUNNER: ImportRunnerOptions = {
  batchSize: 500,
  leaseMs: 30_000,
  pollMs: 5_000,
  chunkBytes: 1024 * 1024,
  maxFileBytes: 512 * 1024 * 1024,
};

class LeaseLost extends Error {}

/**
 * Runs users import (and export) jobs in the server process, one at a time per process. A job is leased; each
 * batch of rows is imported in one transaction together with the cursor and summary moving past
 * it, so a process killed mid-job leaves either the whole batch or none of it, and whoever leases
 * the job next (this process after a restart, or another) carries on at the committed cursor.
 */
export function createImportRunner(deps: {
  db: Kysely<Database>;
  clock: Clock;
  events: EventsService;
  options?: ImportRunnerOptions;
  /** Called once an import's end (completed or failed) committed, with its connection's name. */
  onImportFinished?: (jobId: string, connection: string) => Promise<void>;
}) {
  const { db, clock, events, onImportFinished = async () => {} } = deps;
  const options = deps.options ?? DEFAULT_IMPORT_RUNNER;
  const owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let onError: (error: unknown) => void = () => {};

  const leaseUntil = () => iso(new Date(clock.now().getTime() + options.leaseMs));

  /** One batch in one transaction; a database error inside it is thrown for the row-by-row retry. */
  async function commitBatch(id: string, ctx: BatchContext, rows: unknown[], from: number): Promise<BatchOutcome> {
    return db.transaction().execute(async (trx) => {
      await lockConnection(trx, ctx.connection.id);
      const outcome = await importBatch(trx, rows, from, ctx);
      const now = iso(clock.now());
      if (!(await advanceJob(trx, { id, owner, from, to: from + rows.length, outcome, now, leaseUntil: leaseUntil() })))
        throw new LeaseLost();
      return outcome;
    });
  }

  /** A row the database refused (say a username taken): reported alone, the cursor moves past it. */
  async function commitRefusedRow(id: string, row: unknown, index: number, error: unknown): Promise<void> {
    const code = isUniqueViolation(error) ? 'DUPLICATED_USER' : 'DATABASE_ERROR';
    const message = isUniqueViolation(error) ? 'The user already exists' : 'The row could not be stored';
    const { password_hash: _p, custom_password_hash: _c, ...user } = (row ?? {}) as Record<string, unknown>;
    const outcome: BatchOutcome = {
      inserted: 0,
      updated: 0,
      failed: 1,
      errors: [{ rowIndex: index, user, errors: [{ code, message, path: '' }] }],
    };
    const ok = await db
      .transaction()
      .execute((trx) =>
        advanceJob(trx, { id, owner, from: index, to: index + 1, outcome, now: iso(clock.now()), leaseUntil: leaseUntil() }),
      );
    if (!ok) throw new LeaseLost();
  }

  /** An export is read and written in one go; a process that dies mid-way leaves it to be run again. */
  async function runExport(id: string, actor: Actor, options: ExportOptions): Promise<void> {
    const output = await exportUsers(db, options);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('user_jobs').set({ output }).where('id', '=', id).where('lease_owner', '=', owner).execute();
      if (!(await finishJob(trx, { id, owner, status: 'completed', now: iso(clock.now()) }))) return;
      await events.record(trx, actor, {
        type: 'users_export_completed',
        connectionId: options.connectionId ?? null,
        details: { job_id: id, format: options.format },
      });
    });
  }

  /** A batch in one transaction; when some row broke a constraint, its rows again one by one. */
  async function importRows(
    id: string,
    actor: Actor,
    connection: BatchContext['connection'],
    upsert: boolean,
    batch: unknown[],
    cursor: number,
  ): Promise<'done' | 'lease-lost'> {
    const ctx: BatchContext = { connection, upsert, now: iso(clock.now()), actor, jobId: id, events };
    try {
      await commitBatch(id, ctx, batch, cursor);
    } catch (error) {
      if (error instanceof LeaseLost) return 'lease-lost';
      for (const [offset, row] of batch.entries()) {
        try {
          await commitBatch(id, ctx, [row], cursor + offset);
        } catch (rowError) {
          if (rowError instanceof LeaseLost) return 'lease-lost';
          await commitRefusedRow(id, row, cursor + offset, rowError);
        }
      }
    }
    return 'done';
  }

  async function runJob(id: string): Promise<void> {
    if (!(await claimJob(db, { id, owner, now: iso(clock.now()), leaseUntil: leaseUntil() }))) return;
    const job = await findJob(db, id);
    if (!job) return;
    const actor = JSON.parse(job.actor) as Actor;
    if (job.type === 'users_export') return runExport(id, actor, JSON.parse(job.options) as ExportOptions);
    if (job.connection_id === null) return;
    const connection = await db
      .selectFrom('connections')
      .select(['id', 'name', 'strategy'])
      .where('id', '=', job.connection_id)
      .executeTakeFirst();
    if (!connection) {
      const failed = await db.transaction().execute(async (trx) => {
        if (!(await finishJob(trx, { id, owner, status: 'failed', details: 'The connection was deleted', now: iso(clock.now()) })))
          return false;
        await events.record(trx, actor, { type: 'users_import_failed', connectionId: job.connection_id!, details: { job_id: id } });
        return true;
      });
      if (failed) await onImportFinished(id, job.connection_id);
      return;
    }
    const { upsert } = JSON.parse(job.options) as { upsert: boolean };
    let cursor = job.cursor;
    // One stored chunk in memory at a time: the one holding the cursor, in batches of batchSize.
    while (cursor < job.total && !stopped) {
      const chunk = await chunkAt(db, id, cursor);
      if (!chunk) throw new Error(`users import ${id}: no stored rows at ${cursor}`);
      const rows = JSON.parse(chunk.rows) as unknown[];
      while (cursor < chunk.first_row + rows.length && !stopped) {
        const batch = rows.slice(cursor - chunk.first_row, cursor - chunk.first_row + options.batchSize);
        if ((await importRows(id, actor, connection, upsert, batch, cursor)) === 'lease-lost') return;
        cursor += batch.length;
        // SQLite's driver is synchronous, so a job's awaits never leave the microtask queue: without
        // a turn of the event loop between batches, the server answered no request (a sign-in, this
        // job's progress) until the whole import ended.
        await nextTurn();
      }
    }
    if (stopped) return;
    const completed = await db.transaction().execute(async (trx) => {
      const done = await findJob(trx, id);
      if (!(await finishJob(trx, { id, owner, status: 'completed', now: iso(clock.now()) }))) return false;
      await events.record(trx, actor, {
        type: 'users_import_completed',
        connection: connection.name,
        connectionId: connection.id,
        details: { job_id: id, summary: { inserted: done!.inserted, updated: done!.updated, failed: done!.failed, total: done!.total } },
      });
      return true;
    });
    if (completed) await onImportFinished(id, connection.name);
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      await sweepAbandonedUploads(db, iso(clock.now()));
      for (;;) {
        if (stopped) return;
        const next = await nextRunnableJob(db, iso(clock.now()));
        if (!next) break;
        await runJob(next.id);
      }
    } while (again);
  }

  /** Runs the queue now unless it is running (then it looks again when it is done). */
  function wake(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((error: unknown) => onError(error))
      .finally(() => {
        running = undefined;
      });
  }

  return {
    wake,
    /** Looks for jobs now and every `pollMs` (one left by a process that died, say). */
    start(report: (error: unknown) => void): void {
      onError = report;
      stopped = false;
      wake();
      timer = setInterval(wake, options.pollMs);
      timer.unref();
    },
    /** Stops after the batch in progress commits. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
    /** Resolves when no job is being run by this process (tests). */
    idle: async (): Promise<void> => {
      while (running) await running;
    },
  };
}

export type ImportRunner = ReturnType<typeof createImportRunner>;
