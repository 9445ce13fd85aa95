import type { ServiceDeps } from '../services.js';
import type { EmailService } from '../email/email.service.js';
import type { Actor } from '../events/actor.js';
import { isUniqueViolation } from '../../db/errors.js';
import { fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { connectionKind, findConnectionById, findUserRow, userSubject } from '../users/users.queries.js';
import { createImportRunner, type ImportRunnerOptions } from './import-runner.js';
import { findJob, insertJob, jobErrors } from './jobs.queries.js';
import type { UserJob } from './jobs.types.js';
import { toUserJob } from './job-view.js';

/** The request of `POST /jobs/users-imports`, the users file as its text. */
export interface ImportRequest {
  connectionId: string;
  users: string;
  upsert: boolean;
  externalId?: string;
  sendCompletionEmail: boolean;
}

/** Auth0's Management API jobs Gatehouse runs: the verification email, users imports. */
export function createJobsService({
  db,
  clock,
  events,
  email,
  importRunner,
}: ServiceDeps & { email: EmailService; importRunner?: ImportRunnerOptions }) {
  const runner = createImportRunner({ db, clock, events, options: importRunner });

  async function load(id: string) {
    const row = await findJob(db, id);
    if (!row) fail('inexistent_job', 'The job does not exist.');
    return row;
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

    /**
     * Queues a users import into a database connection: the file must be a JSON array (its rows are
     * checked one by one when the job runs, a bad row never stopping the others). One import per
     * connection at a time; `users_import_started` carries who started it.
     */
    async createImport(actor: Actor, request: ImportRequest): Promise<UserJob> {
      const connection = await findConnectionById(db, request.connectionId);
      if (!connection) fail('inexistent_connection', 'The connection does not exist.');
      if (connectionKind(connection.strategy) !== 'database')
        invalidInput('connection_id', 'Users can only be imported into a database connection');
      let rows: unknown;
      try {
        rows = JSON.parse(request.users);
      } catch {
        invalidInput('users', 'The users file is not valid JSON');
      }
      if (!Array.isArray(rows)) invalidInput('users', 'The users file must be a JSON array of users');
      if (rows.length === 0) invalidInput('users', 'The users file holds no users');
      const id = prefixedId('job');
      const now = iso(clock.now());
      await db
        .transaction()
        .execute(async (trx) => {
          await insertJob(trx, {
            id,
            type: 'users_import',
            status: 'pending',
            connection_id: connection.id,
            active_connection_id: connection.id,
            external_id: request.externalId ?? null,
            options: JSON.stringify({ upsert: request.upsert, send_completion_email: request.sendCompletionEmail }),
            actor: JSON.stringify(actor),
            input: request.users,
            cursor: 0,
            total: rows.length,
            inserted: 0,
            updated: 0,
            failed: 0,
            created_at: now,
            updated_at: now,
          });
          await events.record(trx, actor, {
            type: 'users_import_started',
            connection: connection.name,
            connectionId: connection.id,
            details: { job_id: id, total: rows.length, upsert: request.upsert },
          });
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) fail('job_conflict', 'An import job is already pending or running for this connection.');
          throw error;
        });
      runner.wake();
      return toUserJob(await load(id), clock.now());
    },

    /** A job with its progress; 404 inexistent_job when absent. */
    get: async (id: string): Promise<UserJob> => toUserJob(await load(id), clock.now()),

    /** The rows an import refused, in file order, each with its errors. */
    async errors(id: string) {
      await load(id);
      return jobErrors(db, id);
    },
  };
}

export type JobsService = ReturnType<typeof createJobsService>;
