import type { Kysely } from 'kysely';

// Users import and export jobs (Auth0's `/api/v2/jobs/users-imports` and `users-exports`). A job's
// progress is its `cursor` (rows of `input` done), committed with each batch's users in the batch's
// transaction, so a job picked up again after a restart neither repeats a row nor skips one.
// `active_connection_id` holds the connection while an import is pending or processing, and its
// unique index is what allows one import per connection at a time (NULLs never collide).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_jobs')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text')
    .addColumn('active_connection_id', 'text')
    .addColumn('external_id', 'text')
    // JSON: the request's options (upsert, send_completion_email; format, fields, limit).
    .addColumn('options', 'text', (c) => c.notNull())
    // JSON: who started the job (an Actor), for the events it records when it runs.
    .addColumn('actor', 'text', (c) => c.notNull())
    // The import's users file (a JSON array), or the export's produced file.
    .addColumn('input', 'text')
    .addColumn('output', 'text')
    .addColumn('cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status_details', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('user_jobs_active_connection')
    .ifNotExists()
    .unique()
    .on('user_jobs')
    .column('active_connection_id')
    .execute();
  await db.schema
    .createTable('user_job_errors')
    .ifNotExists()
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('row_index', 'integer', (c) => c.notNull())
    // JSON: the row as given, less its password hashes; and Auth0's [{ code, message, path }].
    .addColumn('user', 'text', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_job_errors_pk', ['job_id', 'row_index'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_job_errors').ifExists().execute();
  await db.schema.dropTable('user_jobs').ifExists().execute();
}
