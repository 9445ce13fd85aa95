import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { NewUserJobRow, UserJobChunkTable, UserJobRow } from '../../db/schema/user-jobs.table.js';
import type { BatchOutcome } from './import-batch.js';
import type { RowError } from './import-row.js';

export async function insertJob(db: Kysely<Database>, row: NewUserJobRow): Promise<void> {
  await db.insertInto('user_jobs').values(row).execute();
}

export async function findJob(db: Kysely<Database>, id: string): Promise<UserJobRow | undefined> {
  return db.selectFrom('user_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertChunk(db: Kysely<Database>, chunk: UserJobChunkTable): Promise<void> {
  await db.insertInto('user_job_chunks').values(chunk).execute();
}

/** The stored chunk holding row `row` of the job's file. */
export async function chunkAt(db: Kysely<Database>, jobId: string, row: number): Promise<UserJobChunkTable | undefined> {
  return db
    .selectFrom('user_job_chunks')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('first_row', '<=', row)
    .orderBy('first_row', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Keeps an upload alive; false when it was swept as abandoned meanwhile. */
export async function renewUpload(db: Kysely<Database>, id: string, leaseUntil: string): Promise<boolean> {
  const result = await db
    .updateTable('user_jobs')
    .set({ lease_until: leaseUntil })
    .where('id', '=', id)
    .where('status', '=', 'uploading')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Removes a job that was never accepted (its upload refused or abandoned) with its stored file. */
export async function deleteJobWithChunks(db: Kysely<Database>, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('user_job_chunks').where('job_id', '=', id).execute();
    await trx.deleteFrom('user_jobs').where('id', '=', id).where('status', '=', 'uploading').execute();
  });
}

/** Deletes the uploads whose process died mid-file (lease lapsed while `uploading`); how many. */
export async function sweepAbandonedUploads(db: Kysely<Database>, now: string): Promise<number> {
  const abandoned = await db
    .selectFrom('user_jobs')
    .select('id')
    .where('status', '=', 'uploading')
    .where('lease_until', '<', now)
    .execute();
  for (const { id } of abandoned) await deleteJobWithChunks(db, id);
  return abandoned.length;
}

/** The oldest job that is pending, or processing under a lease that lapsed (its process died). */
export async function nextRunnableJob(db: Kysely<Database>, now: string): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('user_jobs')
    .select('id')
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'processing'), eb('lease_until', '<', now)])]))
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
}

/** Takes the job's lease when it is free or lapsed; true when this process now holds it. */
export async function claimJob(
  db: Kysely<Database>,
  input: { id: string; owner: string; now: string; leaseUntil: string },
): Promise<boolean> {
  const result = await db
    .updateTable('user_jobs')
    .set({ status: 'processing', lease_owner: input.owner, lease_until: input.leaseUntil, updated_at: input.now })
    .where('id', '=', input.id)
    .where('status', 'in', ['pending', 'processing'])
    .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_until', '<', input.now)]))
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  await db.updateTable('user_jobs').set({ started_at: input.now }).where('id', '=', input.id).where('started_at', 'is', null).execute();
  return true;
}

/**
 * Moves the cursor past a batch and adds its outcome, only while `owner` holds the lease (renewed);
 * false when the lease was lost, and the caller's transaction must then roll back.
 */
export async function advanceJob(
  trx: Kysely<Database>,
  input: { id: string; owner: string; from: number; to: number; outcome: BatchOutcome; now: string; leaseUntil: string },
): Promise<boolean> {
  const { outcome } = input;
  const result = await trx
    .updateTable('user_jobs')
    .set((eb) => ({
      cursor: input.to,
      inserted: eb('inserted', '+', outcome.inserted),
      updated: eb('updated', '+', outcome.updated),
      failed: eb('failed', '+', outcome.failed),
      lease_until: input.leaseUntil,
      updated_at: input.now,
    }))
    .where('id', '=', input.id)
    .where('lease_owner', '=', input.owner)
    .where('cursor', '=', input.from)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  if (outcome.errors.length > 0)
    await trx
      .insertInto('user_job_errors')
      .values(
        outcome.errors.map((e) => ({
          job_id: input.id,
          row_index: e.rowIndex,
          user: JSON.stringify(e.user),
          errors: JSON.stringify(e.errors),
        })),
      )
      .execute();
  return true;
}

/** Ends the job (completed or failed): frees its connection for the next import and drops its file. */
export async function finishJob(
  trx: Kysely<Database>,
  input: { id: string; owner: string; status: 'completed' | 'failed'; details?: string; now: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('user_jobs')
    .set({
      status: input.status,
      status_details: input.details ?? null,
      active_connection_id: null,
      lease_owner: null,
      lease_until: null,
      completed_at: input.now,
      updated_at: input.now,
    })
    .where('id', '=', input.id)
    .where('lease_owner', '=', input.owner)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  await trx.deleteFrom('user_job_chunks').where('job_id', '=', input.id).execute();
  return true;
}

export async function jobErrors(db: Kysely<Database>, id: string): Promise<{ user: unknown; errors: RowError[] }[]> {
  const rows = await db.selectFrom('user_job_errors').select(['user', 'errors']).where('job_id', '=', id).orderBy('row_index').execute();
  return rows.map((r) => ({ user: JSON.parse(r.user), errors: JSON.parse(r.errors) as RowError[] }));
}
