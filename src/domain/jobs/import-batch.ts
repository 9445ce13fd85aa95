import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Actor } from '../events/actor.js';
import type { EventsService } from '../events/events.service.js';
import { hexId, prefixedId } from '../shared/ids.js';
import { int } from '../shared/json.js';
import {
  findConflictingUser,
  insertIdentity,
  insertUser,
  newUserRow,
  updateIdentity,
  updateUser,
  userSubject,
} from '../users/users.queries.js';
import type { UserRowUpdate } from '../../db/schema/users.table.js';
import { reportedRow, validateImportRow, type ImportUser, type RowError } from './import-row.js';

export interface BatchContext {
  connection: { id: string; name: string; strategy: string };
  upsert: boolean;
  now: string;
  /** Who started the job, and the job: each imported user's event carries both. */
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

async function existingOrganizations(trx: Kysely<Database>, rows: unknown[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const row of rows) {
    const orgs = (row as { gatehouse_organizations?: unknown } | null)?.gatehouse_organizations;
    if (Array.isArray(orgs)) for (const id of orgs) if (typeof id === 'string') ids.add(id);
  }
  if (ids.size === 0) return ids;
  const found = await trx
    .selectFrom('organizations')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(found.map((o) => o.id));
}

async function addMemberships(trx: Kysely<Database>, userId: string, organizations: string[], now: string): Promise<void> {
  if (organizations.length === 0) return;
  const present = await trx
    .selectFrom('organization_members')
    .select('organization_id')
    .where('user_id', '=', userId)
    .where('organization_id', 'in', organizations)
    .execute();
  const have = new Set(present.map((m) => m.organization_id));
  const missing = organizations.filter((id) => !have.has(id));
  if (missing.length > 0)
    await trx
      .insertInto('organization_members')
      .values(missing.map((organization_id) => ({ organization_id, user_id: userId, created_at: now })))
      .execute();
}

/** The user's own event, in the batch's transaction: Auth0 logs none per imported user; Gatehouse does. */
async function recordUser(trx: Kysely<Database>, type: 'user_created' | 'user_updated', id: string, user: ImportUser, ctx: BatchContext) {
  await ctx.events.record(trx, ctx.actor, {
    type,
    ...userSubject({ id, email: user.email }),
    connection: ctx.connection.name,
    connectionId: ctx.connection.id,
    strategy: ctx.connection.strategy,
    details: { job_id: ctx.jobId },
  });
}

async function insert(trx: Kysely<Database>, user: ImportUser, ctx: BatchContext): Promise<RowError | undefined> {
  const subject = user.user_id ?? hexId();
  const id = `auth0|${subject}`;
  const taken = await trx.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
  if (taken) return { code: 'DUPLICATED_USER', message: 'A user with this user_id already exists', path: 'user_id' };
  await insertUser(
    trx,
    newUserRow({
      id,
      now: ctx.now,
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
  );
  await insertIdentity(trx, {
    id: prefixedId('idn'),
    user_id: id,
    connection_id: ctx.connection.id,
    provider: ctx.connection.strategy,
    provider_user_id: subject,
    pending_email: null,
    is_social: 0,
    profile_data: '{}',
    password_hash: user.passwordHash ?? null,
    created_at: ctx.now,
  });
  await addMemberships(trx, id, user.organizations, ctx.now);
  await recordUser(trx, 'user_created', id, user, ctx);
  return undefined;
}

/** Upsert: the row's properties replace the existing user's (metadata objects as a whole). */
async function update(trx: Kysely<Database>, userId: string, user: ImportUser, ctx: BatchContext): Promise<void> {
  const changes: UserRowUpdate = { updated_at: ctx.now };
  if (user.email_verified !== undefined) changes.email_verified = int(user.email_verified);
  for (const key of ['username', 'name', 'given_name', 'family_name', 'nickname', 'picture'] as const)
    if (user[key] !== undefined) changes[key] = user[key];
  if (user.blocked !== undefined) changes.blocked = int(user.blocked);
  if (user.user_metadata !== undefined) changes.user_metadata = JSON.stringify(user.user_metadata);
  if (user.app_metadata !== undefined) changes.app_metadata = JSON.stringify(user.app_metadata);
  await updateUser(trx, userId, changes);
  if (user.passwordHash !== undefined) {
    const identity = await trx
      .selectFrom('identities')
      .select('id')
      .where('user_id', '=', userId)
      .where('connection_id', '=', ctx.connection.id)
      .executeTakeFirstOrThrow();
    await updateIdentity(trx, identity.id, { password_hash: user.passwordHash });
  }
  await addMemberships(trx, userId, user.organizations, ctx.now);
  await recordUser(trx, 'user_updated', userId, user, ctx);
}

/**
 * Imports `rows` (the file's rows from `firstIndex`) inside the caller's transaction, which also
 * moves the job's cursor past them. A bad row is reported and the rest carry on; a database error
 * is thrown so that the caller retries the rows one transaction each.
 */
export async function importBatch(trx: Kysely<Database>, rows: unknown[], firstIndex: number, ctx: BatchContext): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { inserted: 0, updated: 0, failed: 0, errors: [] };
  const organizations = await existingOrganizations(trx, rows);
  for (const [offset, row] of rows.entries()) {
    const rowIndex = firstIndex + offset;
    const reject = (errors: RowError[]) => {
      outcome.failed += 1;
      outcome.errors.push({ rowIndex, user: reportedRow(row), errors });
    };
    const checked = validateImportRow(row, (id) => organizations.has(id));
    if ('errors' in checked) {
      reject(checked.errors);
      continue;
    }
    const user = checked.user;
    const existing = await findConflictingUser(trx, ctx.connection.id, { email: user.email.toLowerCase() });
    if (existing && !ctx.upsert) {
      reject([{ code: 'DUPLICATED_USER', message: 'The user already exists', path: 'email' }]);
    } else if (existing) {
      if (user.user_id !== undefined && `auth0|${user.user_id}` !== existing) {
        reject([{ code: 'INVALID_UPDATE', message: 'user_id cannot be changed by an upsert', path: 'user_id' }]);
        continue;
      }
      await update(trx, existing, user, ctx);
      outcome.updated += 1;
    } else {
      const error = await insert(trx, user, ctx);
      if (error) reject([error]);
      else outcome.inserted += 1;
    }
  }
  return outcome;
}
