import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ScimUserRow } from '../../db/schema/scim.table.js';
import { parseJson } from '../shared/json.js';
import type { ScimListQuery, ScimListResult, ScimResource, StoredScimResource } from './scim.types.js';

type Db = Kysely<Database>;

/** A SCIM user row with its user's `blocked`, which `active` always reflects (a block by the Management API too). */
type Joined = ScimUserRow & { blocked: number };

function usersOf(db: Db, connectionId: string) {
  return db
    .selectFrom('scim_users')
    .innerJoin('users', 'users.id', 'scim_users.user_id')
    .selectAll('scim_users')
    .select('users.blocked')
    .where('scim_users.connection_id', '=', connectionId);
}

export function toStoredUser(row: Joined): StoredScimResource {
  const resource = parseJson<ScimResource>(row.resource, {});
  return { id: row.id, resource: { ...resource, active: row.blocked !== 1 }, created: row.created_at, lastModified: row.updated_at };
}

export function findScimUser(db: Db, connectionId: string, id: string): Promise<Joined | undefined> {
  return usersOf(db, connectionId).where('scim_users.id', '=', id).executeTakeFirst();
}

export function findScimUserByUserId(db: Db, userId: string): Promise<ScimUserRow | undefined> {
  return db.selectFrom('scim_users').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export function findScimUserByName(db: Db, connectionId: string, userName: string): Promise<ScimUserRow | undefined> {
  return db
    .selectFrom('scim_users')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .where('user_name_normalized', '=', userName.toLowerCase())
    .executeTakeFirst();
}

/** An indexed lookup when the filter is one, else every user of the connection through the predicate; then the page. */
export async function listScimUsers(db: Db, connectionId: string, query: ScimListQuery): Promise<ScimListResult> {
  let base = usersOf(db, connectionId);
  const where = query.where;
  if (where?.attribute === 'userName') base = base.where('scim_users.user_name_normalized', '=', where.value.toLowerCase());
  else if (where?.attribute === 'externalId') base = base.where('scim_users.external_id', '=', where.value);
  else if (where?.attribute === 'id') base = base.where('scim_users.id', '=', where.value);
  else if (where) return { totalResults: 0, resources: [] };
  const ordered = base.orderBy('scim_users.created_at').orderBy('scim_users.id');
  if (query.matches) {
    const all = (await ordered.execute()).map(toStoredUser).filter((u) => query.matches!({ ...u.resource, id: u.id }));
    return { totalResults: all.length, resources: all.slice(query.startIndex - 1, query.startIndex - 1 + query.count) };
  }
  const total = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows =
    query.count === 0
      ? []
      : await ordered
          .offset(query.startIndex - 1)
          .limit(query.count)
          .execute();
  return { totalResults: Number(total.n), resources: rows.map(toStoredUser) };
}
