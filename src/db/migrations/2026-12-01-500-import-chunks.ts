import type { Kysely } from 'kysely';

// Rows per chunk for files moved out of jobs queued before this migration (the default batch).
const ROWS_PER_CHUNK = 500;

// A users import's file no longer sits whole in its job row (`user_jobs.input`, up to 64 MiB read
// back at every start of the job): it is stored as it is uploaded, in chunks of a bounded number of
// rows and bytes, each a JSON array of the file's rows from `first_row`. The runner reads the one
// chunk that holds its cursor, so a kill -9 resume still starts at the committed cursor. Jobs
// queued before this migration have their file moved into chunks here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_job_chunks')
    .ifNotExists()
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('first_row', 'integer', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('rows', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_job_chunks_pk', ['job_id', 'first_row'])
    .execute();
  const queued = await db.selectFrom('user_jobs').select(['id', 'input']).where('input', 'is not', null).execute();
  for (const job of queued as { id: string; input: string }[]) {
    const rows = JSON.parse(job.input) as unknown[];
    for (let first = 0; first < rows.length; first += ROWS_PER_CHUNK) {
      const slice = rows.slice(first, first + ROWS_PER_CHUNK);
      await db
        .insertInto('user_job_chunks')
        .values({ job_id: job.id, first_row: first, row_count: slice.length, rows: JSON.stringify(slice) })
        .execute();
    }
  }
  await db.schema.alterTable('user_jobs').dropColumn('input').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('user_jobs').addColumn('input', 'text').execute();
  const chunks = await db.selectFrom('user_job_chunks').select(['job_id', 'rows']).orderBy('job_id').orderBy('first_row').execute();
  const files = new Map<string, unknown[]>();
  for (const chunk of chunks as { job_id: string; rows: string }[])
    files.set(chunk.job_id, [...(files.get(chunk.job_id) ?? []), ...(JSON.parse(chunk.rows) as unknown[])]);
  for (const [id, rows] of files)
    await db
      .updateTable('user_jobs')
      .set({ input: JSON.stringify(rows) })
      .where('id', '=', id)
      .execute();
  await db.schema.dropTable('user_job_chunks').ifExists().execute();
}
