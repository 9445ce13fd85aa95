import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { fail, invalidInput } from '../errors.js';
import { type Clock, iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { deleteJobWithChunks, insertChunk, insertJob, renewUpload } from './jobs.queries.js';
import { jsonArrayRows } from './json-array-rows.js';

export interface UploadLimits {
  /** Most rows in one chunk (the runner's batch, so that a batch reads one chunk). */
  rowsPerChunk: number;
  /** Most bytes of JSON in one chunk; a single row longer than this (in characters) is refused. */
  chunkBytes: number;
  /** How long an upload may go without storing a chunk before it counts as abandoned. */
  leaseMs: number;
}

/**
 * Stores a users file (a JSON array) as it arrives, under a job in status `uploading`: rows are
 * checked to be JSON one at a time and written in chunks of at most `rowsPerChunk` rows and
 * `chunkBytes` bytes, so memory holds one chunk whatever the file's size. The job becomes runnable
 * only when the import is accepted (`jobs.createImport`); a refused file is deleted here, and one
 * whose upload died with its process is swept once its lease lapses (`sweepAbandonedUploads`).
 */
export async function storeImportFile(
  db: Kysely<Database>,
  clock: Clock,
  source: AsyncIterable<Uint8Array>,
  limits: UploadLimits,
): Promise<{ uploadId: string; total: number }> {
  const id = prefixedId('job');
  const leaseUntil = () => iso(new Date(clock.now().getTime() + limits.leaseMs));
  const now = iso(clock.now());
  await insertJob(db, {
    id,
    type: 'users_import',
    status: 'uploading',
    connection_id: null,
    active_connection_id: null,
    external_id: null,
    options: '{}',
    actor: '{}',
    cursor: 0,
    total: 0,
    inserted: 0,
    updated: 0,
    failed: 0,
    lease_until: leaseUntil(),
    created_at: now,
    updated_at: now,
  });
  let rows: string[] = [];
  let bytes = 0;
  let stored = 0;
  const flush = async () => {
    if (rows.length === 0) return;
    await insertChunk(db, { job_id: id, first_row: stored, row_count: rows.length, rows: `[${rows.join(',')}]` });
    stored += rows.length;
    rows = [];
    bytes = 0;
    if (!(await renewUpload(db, id, leaseUntil()))) fail('invalid_body', 'The upload was too slow and was abandoned; send the file again.');
  };
  try {
    for await (const row of jsonArrayRows(source, limits.chunkBytes)) {
      const size = Buffer.byteLength(row) + 1;
      if (rows.length === limits.rowsPerChunk || (rows.length > 0 && bytes + size > limits.chunkBytes)) await flush();
      rows.push(row);
      bytes += size;
    }
    await flush();
    if (stored === 0) invalidInput('users', 'The users file holds no users');
    await db.updateTable('user_jobs').set({ total: stored }).where('id', '=', id).execute();
    return { uploadId: id, total: stored };
  } catch (error) {
    await deleteJobWithChunks(db, id);
    throw error;
  }
}
