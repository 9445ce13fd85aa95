import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ConnectionRow } from '../../db/schema/connections.table.js';
import type { NewIdentityRow, IdentityRowUpdate } from '../../db/schema/identities.table.js';
import type { NewUserRow, UserRow, UserRowUpdate } from '../../db/schema/users.table.js';
import { bool, parseJson } from '../shared/json.js';
import type { ConnectionKind, User, UserIdentity } from './users.types.js';

const ENTERPRISE = new Set(['samlp', 'oidc', 'okta', 'waad', 'adfs', 'ad', 'google-apps', 'office365', 'pingfederate']);

/** `auth0` is the password database; the enterprise strategies federate a customer's IdP; the rest are social. */
export function connectionKind(strategy: string): ConnectionKind {
  if (strategy === 'auth0') return 'database';
  return ENTERPRISE.has(strategy) ? 'enterprise' : 'social';
}

/** An identity row joined with its connection's name. */
export interface IdentityWithConnection {
  id: string;
  user_id: string;
  connection_id: string;
  connection_name: string;
  provider: string;
  provider_user_id: string | null;
  pending_email: string | null;
  is_social: number;
  profile_data: string;
  created_at: string;
}

/** The identity the user id was made from; otherwise the oldest (after an enterprise assignment). */
export function primaryIdentity<T extends IdentityWithConnection>(userId: string, identities: T[]): T | undefined {
  return (
    identities.find((i) => i.provider_user_id !== null && userId === `${i.provider}|${i.provider_user_id}`) ??
    identities.find((i) => userId.startsWith(`${i.provider}|${i.connection_name}|`)) ??
    identities[0]
  );
}

function toIdentity(row: IdentityWithConnection): UserIdentity {
  const identity: UserIdentity = { connection: row.connection_name, provider: row.provider, isSocial: bool(row.is_social) };
  if (row.provider_user_id !== null) identity.user_id = row.provider_user_id;
  const profile = parseJson<Record<string, unknown>>(row.profile_data, {});
  if (row.pending_email !== null) profile.email = row.pending_email;
  if (Object.keys(profile).length > 0) identity.profileData = profile;
  return identity;
}

/** Maps a stored user and its identities (primary first, as Auth0 lists them) to the domain shape. */
export function toUser(row: UserRow, identities: IdentityWithConnection[]): User {
  const primary = primaryIdentity(row.id, identities);
  const ordered = primary ? [primary, ...identities.filter((i) => i !== primary)] : identities;
  const user: User = {
    user_id: row.id,
    email_verified: bool(row.email_verified),
    user_metadata: parseJson(row.user_metadata, {}),
    app_metadata: parseJson(row.app_metadata, {}),
    blocked: bool(row.blocked),
    created_at: row.created_at,
    updated_at: row.updated_at,
    logins_count: row.logins_count,
    identities: ordered.map(toIdentity),
  };
  for (const key of [
    'email',
    'username',
    'phone_number',
    'name',
    'given_name',
    'family_name',
    'nickname',
    'picture',
    'last_login',
  ] as const) {
    if (row[key] !== null) user[key] = row[key];
  }
  return user;
}

/** Identities of these users with their connection names, oldest first. */
export async function findIdentities(db: Kysely<Database>, userIds: string[]): Promise<IdentityWithConnection[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('identities')
    .innerJoin('connections', 'connections.id', 'identities.connection_id')
    .select([
      'identities.id',
      'identities.user_id',
      'identities.connection_id',
      'connections.name as connection_name',
      'identities.provider',
      'identities.provider_user_id',
      'identities.pending_email',
      'identities.is_social',
      'identities.profile_data',
      'identities.created_at',
    ])
    .where('identities.user_id', 'in', userIds)
    .orderBy('identities.created_at')
    .orderBy('identities.id')
    .execute();
}

/** Users with their identities, in the order of `rows`. */
export async function loadUsers(db: Kysely<Database>, rows: UserRow[]): Promise<User[]> {
  const identities = await findIdentities(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) =>
    toUser(
      row,
      identities.filter((i) => i.user_id === row.id),
    ),
  );
}

export async function findUserRow(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What an event says about the user it concerns: Auth0's `user_name` is the email, else the username or name. */
export function userSubject(user: { id: string; email?: string | null; username?: string | null; name?: string | null }) {
  return { userId: user.id, userName: user.email ?? user.username ?? user.name ?? null };
}

export async function insertUser(trx: Kysely<Database>, row: NewUserRow): Promise<void> {
  await trx.insertInto('users').values(row).execute();
}

export async function updateUser(trx: Kysely<Database>, id: string, changes: UserRowUpdate): Promise<void> {
  await trx.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** False when there was no such user (a concurrent delete won). */
export async function deleteUser(trx: Kysely<Database>, id: string): Promise<boolean> {
  const result = await trx.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function insertIdentity(trx: Kysely<Database>, row: NewIdentityRow): Promise<void> {
  await trx.insertInto('identities').values(row).execute();
}

export async function updateIdentity(trx: Kysely<Database>, id: string, changes: IdentityRowUpdate): Promise<void> {
  await trx.updateTable('identities').set(changes).where('id', '=', id).execute();
}

export async function deleteIdentities(trx: Kysely<Database>, ids: string[]): Promise<void> {
  if (ids.length > 0) await trx.deleteFrom('identities').where('id', 'in', ids).execute();
}

/** Gives every identity of one user to another (account linking). */
export async function moveIdentities(trx: Kysely<Database>, fromUserId: string, changes: IdentityRowUpdate): Promise<void> {
  await trx.updateTable('identities').set(changes).where('user_id', '=', fromUserId).execute();
}

/** Gives the user these tenant roles; ones already held stay as they are. */
export async function addUserRoles(trx: Kysely<Database>, userId: string, roleIds: string[]): Promise<void> {
  if (roleIds.length === 0) return;
  await trx
    .insertInto('user_roles')
    .values(roleIds.map((role_id) => ({ user_id: userId, role_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeUserRoles(trx: Kysely<Database>, userId: string, roleIds: string[]): Promise<void> {
  if (roleIds.length === 0) return;
  await trx.deleteFrom('user_roles').where('user_id', '=', userId).where('role_id', 'in', roleIds).execute();
}

export async function findConnectionByName(db: Kysely<Database>, name: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('connections').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findConnectionById(db: Kysely<Database>, id: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Serializes writes that check "no other user in this connection has this email" on PostgreSQL,
 * where two READ COMMITTED transactions could both pass the check. SQLite needs nothing: Kysely runs
 * every better-sqlite3 transaction on one connection, one at a time.
 */
export async function lockConnection(trx: Kysely<Database>, connectionId: string): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select pg_advisory_xact_lock(hashtext(${`gatehouse:connection-users:${connectionId}`}))`.execute(trx);
  }
}

/**
 * Another user (not `exceptUserId`) in the connection already uses this email or username:
 * as the user's own value, or as the pending email of an enterprise identity there.
 */
export async function findConflictingUser(
  db: Kysely<Database>,
  connectionId: string,
  match: { email?: string; username?: string },
  exceptUserId?: string,
): Promise<string | undefined> {
  const { email, username } = match;
  if (email === undefined && username === undefined) return undefined;
  let query = db
    .selectFrom('identities')
    .innerJoin('users', 'users.id', 'identities.user_id')
    .select('users.id')
    .where('identities.connection_id', '=', connectionId)
    .where((eb) =>
      eb.or([
        ...(email !== undefined ? [eb('users.email_normalized', '=', email), eb('identities.pending_email', '=', email)] : []),
        ...(username !== undefined ? [eb('users.username', '=', username)] : []),
      ]),
    );
  if (exceptUserId) query = query.where('users.id', '!=', exceptUserId);
  return (await query.executeTakeFirst())?.id;
}

/**
 * A new `users` row: the given fields over Gatehouse's defaults (no profile, unverified, not blocked,
 * empty metadata, never signed in). The email is stored as given and, lowercased, as its search key.
 */
export function newUserRow(fields: Partial<NewUserRow> & { id: string; now: string }): NewUserRow {
  const { now, ...given } = fields;
  return {
    email: null,
    email_verified: 0,
    username: null,
    phone_number: null,
    name: null,
    given_name: null,
    family_name: null,
    nickname: null,
    picture: null,
    user_metadata: '{}',
    app_metadata: '{}',
    blocked: 0,
    logins_count: 0,
    last_login: null,
    created_at: now,
    updated_at: now,
    ...given,
    email_normalized: given.email?.toLowerCase() ?? null,
  };
}
