import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/database.js';
import type { NewIdentityRow } from '../../db/schema/identities.table.js';
import type { NewUserRow, UserTable } from '../../db/schema/users.table.js';
import { inStatementChunks } from '../shared/bound-parameters.js';

/**
 * The set-based statements of one users-import batch: each takes the whole batch, so a batch costs
 * a fixed number of statements whatever its size (more only past the bound-parameter limits).
 */

/** A user the batch's rows may collide with. */
export interface ImportMatch {
  userId: string;
  /**
   * The user's identity in the import's connection and the emails that find the user there (its
   * own, lowercased, and the identity's pending one); none for a user of another connection.
   */
  identity?: { id: string; emails: string[] };
}

/**
 * `a in (…) or b in (…)` over the lists that hold values (at least one does): SQLite reads an OR
 * of IN lists through each one's index, but scans the table when one arm is a constant false.
 */
function eitherOf(lists: [string, string[]][]): RawBuilder<SqlBool> {
  const arms = lists.filter(([, values]) => values.length > 0).map(([column, values]) => sql`${sql.ref(column)} in (${sql.join(values)})`);
  return sql<SqlBool>`(${sql.join(arms, sql` or `)})`;
}

/** The organizations among `ids` that exist. */
export async function existingOrganizations(trx: Kysely<Database>, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of inStatementChunks(ids, 1)) {
    const rows = await trx.selectFrom('organizations').select('id').where('id', 'in', chunk).execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}

/**
 * In one statement (two look-ups, each driven by an index on the batch's keys): the users with one
 * of `userIds` (of any connection: ids are unique tenant-wide) or one of `emails` (lowercased) as
 * their own email, each with its identity in the connection if it has one; and the connection's
 * identities with one of `emails` pending (an enterprise user pre-assigned by email). An email is a
 * match only through an identity in the connection, as in `findConflictingUser`.
 *
 * The users are the outer side of a LEFT JOIN on purpose: with an inner join and no statistics,
 * SQLite's planner drove the look-up from the connection's identities (by the `connection_id`
 * prefix of an index) and read every identity of the connection for each batch, so that the
 * batch's cost grew with the connection's size.
 */
export async function findImportMatches(
  trx: Kysely<Database>,
  connectionId: string,
  emails: string[],
  userIds: string[],
): Promise<ImportMatch[]> {
  const byUser = new Map<string, ImportMatch>();
  const wanted = new Set(userIds);
  // Each email binds once per arm (twice), each id once.
  const keys: { email?: string; userId?: string }[] = [...emails.map((email) => ({ email })), ...userIds.map((userId) => ({ userId }))];
  for (const chunk of inStatementChunks(keys, 2)) {
    const chunkEmails = chunk.flatMap((k) => (k.email === undefined ? [] : [k.email]));
    const chunkIds = chunk.flatMap((k) => (k.userId === undefined ? [] : [k.userId]));
    const users = trx
      .selectFrom('users')
      .leftJoin('identities', (join) => join.onRef('identities.user_id', '=', 'users.id').on('identities.connection_id', '=', connectionId))
      .select([
        'users.id as user_id',
        'identities.id as identity_id',
        // Only an identity in the connection makes the user's email a match.
        sql<string | null>`case when identities.id is null then null else users.email_normalized end`.as('email_normalized'),
        'identities.pending_email',
      ])
      .where(
        eitherOf([
          ['users.id', chunkIds],
          ['users.email_normalized', chunkEmails],
        ]),
      );
    const pending = trx
      .selectFrom('identities')
      .innerJoin('users', 'users.id', 'identities.user_id')
      .select(['users.id as user_id', 'identities.id as identity_id', 'users.email_normalized', 'identities.pending_email'])
      .where('identities.connection_id', '=', connectionId)
      .where('identities.pending_email', 'in', chunkEmails);
    // The pending arm only when there are emails: an empty IN list is not SQL.
    const rows = await (chunkEmails.length > 0 ? users.unionAll(pending) : users).execute();
    for (const row of rows) {
      // A user of another connection with one of the emails collides with nothing here.
      if (row.identity_id === null && !wanted.has(row.user_id)) continue;
      const match = byUser.get(row.user_id) ?? { userId: row.user_id };
      byUser.set(row.user_id, match);
      if (row.identity_id === null) continue;
      match.identity ??= { id: row.identity_id, emails: [] };
      for (const email of [row.email_normalized, row.pending_email])
        if (email !== null && !match.identity.emails.includes(email)) match.identity.emails.push(email);
    }
  }
  return [...byUser.values()];
}

export async function insertUsers(trx: Kysely<Database>, rows: NewUserRow[]): Promise<void> {
  if (rows.length === 0) return;
  for (const chunk of inStatementChunks(rows, Object.keys(rows[0]).length)) await trx.insertInto('users').values(chunk).execute();
}

export async function insertIdentities(trx: Kysely<Database>, rows: NewIdentityRow[]): Promise<void> {
  if (rows.length === 0) return;
  for (const chunk of inStatementChunks(rows, Object.keys(rows[0]).length)) await trx.insertInto('identities').values(chunk).execute();
}

/** Each user is made a member of the organizations; memberships it has stay as they are. */
export async function addMemberships(
  trx: Kysely<Database>,
  rows: { userId: string; organizationId: string }[],
  now: string,
): Promise<void> {
  for (const chunk of inStatementChunks(rows, 3))
    await trx
      .insertInto('organization_members')
      .values(chunk.map((m) => ({ organization_id: m.organizationId, user_id: m.userId, created_at: now })))
      .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doNothing())
      .execute();
}

/** The columns an upsert may replace; each row sets only the ones it gives. */
const CHANGED_COLUMNS = [
  'email_verified',
  'username',
  'name',
  'given_name',
  'family_name',
  'nickname',
  'picture',
  'blocked',
  'user_metadata',
  'app_metadata',
] as const;
export type ImportedUserChanges = Partial<Pick<UserTable, (typeof CHANGED_COLUMNS)[number]>>;

/** `case <key> when k1 then v1 … else <column> end`: one value per row, the others kept. */
function perRow(key: 'id', column: string, values: [string, unknown][]): RawBuilder<unknown> {
  const arms = values.map(([k, v]) => sql`when ${k} then ${v}`);
  return sql`case ${sql.ref(key)} ${sql.join(arms, sql` `)} else ${sql.ref(column)} end`;
}

/**
 * Applies every upserted row's changes in one UPDATE: each column a CASE on the user id over the
 * rows that set it (the rest keep theirs), `updated_at` for them all.
 */
export async function updateImportedUsers(trx: Kysely<Database>, updates: { userId: string; changes: ImportedUserChanges }[], now: string) {
  // A row binds at most two parameters per column it sets, and its id once more in the WHERE.
  for (const chunk of inStatementChunks(updates, 2 * CHANGED_COLUMNS.length + 1)) {
    const set: Record<string, unknown> = { updated_at: now };
    for (const column of CHANGED_COLUMNS) {
      const values = chunk.flatMap((u): [string, unknown][] => (u.changes[column] === undefined ? [] : [[u.userId, u.changes[column]]]));
      if (values.length > 0) set[column] = perRow('id', column, values);
    }
    await trx
      .updateTable('users')
      .set(set)
      .where(
        'id',
        'in',
        chunk.map((u) => u.userId),
      )
      .execute();
  }
}

/** Replaces the password hash of each identity, in one UPDATE. */
export async function updatePasswordHashes(trx: Kysely<Database>, hashes: { identityId: string; hash: string }[]): Promise<void> {
  for (const chunk of inStatementChunks(hashes, 3)) {
    await trx
      .updateTable('identities')
      .set({
        password_hash: perRow(
          'id',
          'password_hash',
          chunk.map((h) => [h.identityId, h.hash]),
        ) as RawBuilder<string>,
      })
      .where(
        'id',
        'in',
        chunk.map((h) => h.identityId),
      )
      .execute();
  }
}
