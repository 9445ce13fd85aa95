import type { ServiceDeps } from '../services.js';
import type { EmailService } from '../email/email.service.js';
import type { Actor } from '../events/actor.js';
import { isUniqueViolation } from '../../db/errors.js';
import { fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { connectionKind, findConnectionById, findUserRow, userSubject } from '../users/users.queries.js';
import { createImportRunner, DEFAULT_IMPORT_RUNNER, type ImportRunnerOptions } from './import-runner.js';
import { storeImportFile } from './import-upload.js';
import { deleteJobWithChunks, findJob, insertJob, jobErrors } from './jobs.queries.js';
import type { UserJob } from './jobs.types.js';
import { toUserJob } from './job-view.js';
import { createExportLinks, EXPORT_LINK_TTL_SECONDS } from './export-links.js';
import { DEFAULT_EXPORT_FIELDS, EXPORT_FIELDS, type ExportField, type ExportOptions } from './export-users.js';

/** The request of `POST /jobs/users-imports`, its users file already stored (`storeImportFile`). */
export interface ImportRequest {
  connectionId: string;
  uploadId: string;
  upsert: boolean;
  externalId?: string;
  sendCompletionEmail: boolean;
}

/** The request of `POST /jobs/users-exports`. */
export interface ExportRequest {
  format?: 'json' | 'csv';
  fields?: { name: string; export_as?: string }[];
  connectionId?: string;
  limit?: number;
}

type JobsDeps = ServiceDeps & { email: EmailService; importRunner?: ImportRunnerOptions; exportPasswordHashes?: boolean };

/** Auth0's Management API jobs Gatehouse runs: the verification email, users imports and exports. */
export function createJobsService({ db, clock, events, email, issuer, importRunner, exportPasswordHashes = false }: JobsDeps) {
  const importOptions = importRunner ?? DEFAULT_IMPORT_RUNNER;
  // The completion email goes out after the job's end committed (at most once: a process that dies
  // in between sends none).
  async function importFinished(id: string, connection: string): Promise<void> {
    const row = await findJob(db, id);
    if (!row || !(JSON.parse(row.options) as { send_completion_email?: boolean }).send_completion_email) return;
    const { summary } = toUserJob(row, clock.now());
    await email.sendUsersImportCompletion({
      jobId: id,
      connection,
      status: row.status as 'completed' | 'failed',
      statusDetails: row.status_details ?? undefined,
      summary: summary!,
    });
  }
  const runner = createImportRunner({ db, clock, events, options: importOptions, onImportFinished: importFinished });
  const links = createExportLinks(db);

  async function load(id: string) {
    const row = await findJob(db, id);
    if (!row) fail('inexistent_job', 'The job does not exist.');
    return row;
  }

  /** The job, and a completed export's download link, signed to expire EXPORT_LINK_TTL_SECONDS from now. */
  async function view(id: string): Promise<UserJob> {
    const row = await load(id);
    const job = toUserJob(row, clock.now());
    if (row.type === 'users_export') {
      job.format = (JSON.parse(row.options) as ExportOptions).format;
      if (row.status === 'completed') {
        const expires = Math.floor(clock.now().getTime() / 1000) + EXPORT_LINK_TTL_SECONDS;
        const url = new URL(`/api/v2/jobs/${encodeURIComponent(id)}/file`, issuer);
        url.searchParams.set('expires', String(expires));
        url.searchParams.set('signature', await links.signature(id, expires));
        job.location = url.toString();
      }
    }
    return job;
  }

  return {
    runner,

    /**
     * Emails a verification link, then records Auth0's `svr` (Success Verification Email Request).
     * The email service stores the link's ticket on its own before delivering; the event follows a
     * delivery that succeeded, so a job that failed records none (the Management API records `fapi`).
     */
    async sendVerificationEmail(actor: Actor, userId: string, context: { organizationId?: string } = {}): Promise<{ createdAt: string }> {
      const job = await email.sendVerification(userId, context);
      const user = await findUserRow(db, userId);
      await events.record(db, actor, {
        type: 'svr',
        ...userSubject(user ?? { id: userId }),
        ...(context.organizationId ? { organizationId: context.organizationId } : {}),
        details: { job: 'verification_email' },
      });
      return job;
    },

    /** Largest users file an import takes (GATEHOUSE_IMPORT_MAX_FILE_BYTES). */
    maxImportFileBytes: importOptions.maxFileBytes,

    /**
     * Stores an import's users file (a JSON array) as it is read, in bounded chunks, refusing a file
     * that is not one; `createImport` then queues it. Nothing runs until then.
     */
    storeImportFile(users: AsyncIterable<Uint8Array>): Promise<{ uploadId: string; total: number }> {
      return storeImportFile(db, clock, users, {
        rowsPerChunk: importOptions.batchSize,
        chunkBytes: importOptions.chunkBytes,
        leaseMs: importOptions.leaseMs,
      });
    },

    /** Deletes a stored file whose import was refused. */
    discardImportFile(uploadId: string): Promise<void> {
      return deleteJobWithChunks(db, uploadId);
    },

    /**
     * Queues a users import of a stored file into a database connection (its rows are checked one by
     * one when the job runs, a bad row never stopping the others). One import per connection at a
     * time; `users_import_started` carries who started it. A refused import deletes its file.
     */
    async createImport(actor: Actor, request: ImportRequest): Promise<UserJob> {
      const id = request.uploadId;
      try {
        const connection = await findConnectionById(db, request.connectionId);
        if (!connection) fail('inexistent_connection', 'The connection does not exist.');
        if (connectionKind(connection.strategy) !== 'database')
          invalidInput('connection_id', 'Users can only be imported into a database connection');
        const now = iso(clock.now());
        await db
          .transaction()
          .execute(async (trx) => {
            const queued = await trx
              .updateTable('user_jobs')
              .set({
                status: 'pending',
                connection_id: connection.id,
                active_connection_id: connection.id,
                external_id: request.externalId ?? null,
                options: JSON.stringify({ upsert: request.upsert, send_completion_email: request.sendCompletionEmail }),
                actor: JSON.stringify(actor),
                lease_until: null,
                created_at: now,
                updated_at: now,
              })
              .where('id', '=', id)
              .where('status', '=', 'uploading')
              .returning('total')
              .executeTakeFirst();
            if (!queued) fail('invalid_body', 'The uploaded file was abandoned; send it again.');
            await events.record(trx, actor, {
              type: 'users_import_started',
              connection: connection.name,
              connectionId: connection.id,
              details: { job_id: id, total: queued.total, upsert: request.upsert },
            });
          })
          .catch((error: unknown) => {
            if (isUniqueViolation(error)) fail('job_conflict', 'An import job is already pending or running for this connection.');
            throw error;
          });
      } catch (error) {
        await deleteJobWithChunks(db, id);
        throw error;
      }
      runner.wake();
      return view(id);
    },

    /**
     * Queues a users export (ndjson or CSV). Password hashes (`custom_password_hash`, in the import's
     * format) only when the server allows them (GATEHOUSE_EXPORT_PASSWORD_HASHES).
     */
    async createExport(actor: Actor, request: ExportRequest): Promise<UserJob> {
      if (request.connectionId !== undefined && !(await findConnectionById(db, request.connectionId)))
        fail('inexistent_connection', 'The connection does not exist.');
      const requested: { name: string; export_as?: string }[] = request.fields ?? DEFAULT_EXPORT_FIELDS.map((name) => ({ name }));
      const fields = requested.map((field, index) => {
        if (!(EXPORT_FIELDS as readonly string[]).includes(field.name))
          invalidInput(`fields[${index}].name`, `Unknown field; one of: ${EXPORT_FIELDS.join(', ')}`);
        if (field.name === 'custom_password_hash' && !exportPasswordHashes)
          invalidInput(`fields[${index}].name`, 'Password hashes are not exported on this server');
        return { name: field.name as ExportField, ...(field.export_as ? { export_as: field.export_as } : {}) };
      });
      const options: ExportOptions = { format: request.format ?? 'json', fields, connectionId: request.connectionId, limit: request.limit };
      const id = prefixedId('job');
      const now = iso(clock.now());
      await insertJob(db, {
        id,
        type: 'users_export',
        status: 'pending',
        connection_id: request.connectionId ?? null,
        active_connection_id: null,
        external_id: null,
        options: JSON.stringify(options),
        actor: JSON.stringify(actor),
        cursor: 0,
        total: 0,
        inserted: 0,
        updated: 0,
        failed: 0,
        created_at: now,
        updated_at: now,
      });
      runner.wake();
      return view(id);
    },

    /** A job with its progress; 404 inexistent_job when absent. */
    get: view,

    /**
     * The file of a completed export behind a signed link; any bad or expired signature is the same
     * 404 as an unknown job, so a link reveals nothing once it stops working.
     */
    async exportFile(id: string, expires: number, signature: string): Promise<{ format: 'json' | 'csv'; body: string }> {
      const valid = await links.verify(id, expires, signature, Math.floor(clock.now().getTime() / 1000));
      const row = valid ? await findJob(db, id) : undefined;
      if (row?.type !== 'users_export' || row.status !== 'completed' || row.output === null)
        fail('inexistent_job', 'The job does not exist.');
      return { format: (JSON.parse(row.options) as ExportOptions).format, body: row.output };
    },

    /** The rows an import refused, in file order, each with its errors. */
    async errors(id: string) {
      await load(id);
      return jobErrors(db, id);
    },
  };
}

export type JobsService = ReturnType<typeof createJobsService>;
