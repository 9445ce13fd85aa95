import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Actor } from '../events/actor.js';
import type { EventsService } from '../events/events.service.js';
import { prefixedId } from '../shared/ids.js';
import { int } from '../shared/json.js';
import { newUserRow } from '../users/users.queries.js';
import {
  addMemberships,
  existingOrganizations,
  findImportMatches,
  insertIdentities,
  insertUsers,
  updateImportedUsers,
  updatePasswordHashes,
} from './import-batch.queries.js';
import { planBatch, type ValidRow } from './import-plan.js';
import { reportedRow, validateImportRow, type RowError } from './import-row.js';

export interface BatchContext {
  connection: { id: string; name: string; strategy: string };
  upsert: boolean;
  now: string;
  /** Who started the job, and the job: each batch's event carries both. */
  actor: Actor;
  jobId: string;
  events: EventsService;
}

/** What one batch did, added to the job's summary with its cursor in the same transaction. */
export interface BatchOutcome {
  inserted: number;
  updated: number;
  failed: number;
  errors: { rowIndex: number; user: unknown; errors: RowError[] }[];
}

function organizationIds(rows: unknown[]): string[] {
  const ids = new Set<string>();
  for (const row of rows) {
    const orgs = (row as { gatehouse_organizations?: unknown } | null)?.gatehouse_organizations;
    if (Array.isArray(orgs)) for (const id of orgs) if (typeof id === 'string') ids.add(id);
  }
  return [...ids];
}

/**
 * Imports `rows` (the file's rows from `firstIndex`) inside the caller's transaction, which also
 * moves the job's cursor past them. Set-based, so that a batch costs a fixed number of statements
 * rather than several per row: every row is validated in memory, the users they may collide with
 * are read in one query, each row is decided (insert, update, refuse), and then users, identities,
 * memberships and upserts are each written in one multi-row statement, and one event says what
 * the batch wrote. Hashes are stored as given (verified at the user's first sign-in). A bad row is reported and the rest carry on; a
 * database error is thrown so that the caller retries the rows one transaction each.
 */
export async function importBatch(trx: Kysely<Database>, rows: unknown[], firstIndex: number, ctx: BatchContext): Promise<BatchOutcome> {
  const referenced = organizationIds(rows);
  const organizations = referenced.length > 0 ? await existingOrganizations(trx, referenced) : new Set<string>();
  const errors: BatchOutcome['errors'] = [];
  const valid: ValidRow[] = [];
  for (const [offset, row] of rows.entries()) {
    const checked = validateImportRow(row, (id) => organizations.has(id));
    if ('errors' in checked) errors.push({ rowIndex: firstIndex + offset, user: reportedRow(row), errors: checked.errors });
    else valid.push({ rowIndex: firstIndex + offset, user: checked.user });
  }
  if (valid.length === 0) return { inserted: 0, updated: 0, failed: errors.length, errors };

  const emails = [...new Set(valid.map((r) => r.user.email.toLowerCase()))];
  const ids = [...new Set(valid.flatMap((r) => (r.user.user_id === undefined ? [] : [`auth0|${r.user.user_id}`])))];
  const matches = await findImportMatches(trx, ctx.connection.id, emails, ids);
  const plan = planBatch(valid, matches, ctx.upsert, (rowIndex) => rows[rowIndex - firstIndex]);

  const { now, connection } = ctx;
  await insertUsers(
    trx,
    plan.inserts.map(({ id, user }) =>
      newUserRow({
        id,
        now,
        email: user.email,
        email_verified: int(user.email_verified),
        username: user.username ?? null,
        name: user.name ?? null,
        given_name: user.given_name ?? null,
        family_name: user.family_name ?? null,
        nickname: user.nickname ?? null,
        picture: user.picture ?? null,
        user_metadata: JSON.stringify(user.user_metadata ?? {}),
        app_metadata: JSON.stringify(user.app_metadata ?? {}),
        blocked: int(user.blocked ?? false),
      }),
    ),
  );
  await insertIdentities(
    trx,
    plan.inserts.map(({ id, subject, user }) => ({
      id: prefixedId('idn'),
      user_id: id,
      connection_id: connection.id,
      provider: connection.strategy,
      provider_user_id: subject,
      pending_email: null,
      is_social: 0,
      profile_data: '{}',
      password_hash: user.passwordHash ?? null,
      created_at: now,
    })),
  );
  if (plan.updates.length > 0) {
    await updateImportedUsers(
      trx,
      plan.updates.map(({ id, changes }) => ({ userId: id, changes })),
      now,
    );
    await updatePasswordHashes(
      trx,
      plan.updates.flatMap(({ identityId, user }) => (user.passwordHash === undefined ? [] : [{ identityId, hash: user.passwordHash }])),
    );
  }
  await addMemberships(
    trx,
    plan.written.flatMap(({ id, user }) => user.organizations.map((organizationId) => ({ userId: id, organizationId }))),
    now,
  );
  const allErrors = [...errors, ...plan.errors].sort((a, b) => a.rowIndex - b.rowIndex);
  const outcome = { inserted: plan.inserts.length, updated: plan.updates.length, failed: allErrors.length, errors: allErrors };
  if (plan.written.length === 0) return outcome;
  // One event for the batch, naming the job, its rows and the users it created and updated, rather
  // than one per user: an event row (eight indexes, then numbered by the sequencer) cost about as
  // much as the user it logged, and Auth0 logs none per imported user at all.
  await ctx.events.record(trx, ctx.actor, {
    type: 'users_imported',
    connection: connection.name,
    connectionId: connection.id,
    strategy: connection.strategy,
    details: {
      job_id: ctx.jobId,
      rows: { first: firstIndex, count: rows.length },
      summary: { inserted: outcome.inserted, updated: outcome.updated, failed: outcome.failed },
      user_ids: {
        created: plan.inserts.map((u) => u.id),
        updated: plan.updates.map((u) => u.id),
      },
    },
  });
  return outcome;
}
