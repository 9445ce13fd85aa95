import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ScimUserRow } from '../../db/schema/scim.table.js';
import { parseJson } from '../shared/json.js';
import type { ScimListQuery, ScimListResult, ScimMappingItem, ScimResource, StoredScimResource } from './scim.types.js';
import { type MappedUserColumns, withUserValues } from './scim-user-view.js';

type Db = Kysely<Database>;

/**
 * A SCIM user row with its user's `blocked`, which `active` always reflects (a block by the
 * Management API too), and the user's mapped columns with when the user last changed.
 */
type Joined = ScimUserRow & MappedUserColumns & { blocked: number; user_updated_at: string };

/** How a connection's resources are read: its mapping, and the attribute that names each user. */
export interface ScimUserView {
  mapping: ScimMappingItem[];
  userIdAttribute: string;
}

function usersOf(db: Db, connectionId: string) {
  return db
    .selectFrom('scim_users')
    .innerJoin('users', 'users.id', 'scim_users.user_id')
    .selectAll('scim_users')
    .select([
      'users.blocked',
      'users.email',
      'users.username',
      'users.name',
      'users.given_name',
      'users.family_name',
      'users.nickname',
      'users.picture',
      'users.phone_number',
      'users.app_metadata',
      'users.user_metadata',
      'users.updated_at as user_updated_at',
    ])
    .where('scim_users.connection_id', '=', connectionId);
}

/** The resource as the IdP reads it: as last sent, with what changed on the user since (scim-user-view.ts). */
export function toStoredUser(row: Joined, view: ScimUserView): StoredScimResource {
  const sent = parseJson<ScimResource>(row.resource, {});
  const resource = row.user_updated_at > row.updated_at ? withUserValues(sent, row, view.mapping, [view.userIdAttribute]) : sent;
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
export async function listScimUsers(db: Db, connectionId: string, query: ScimListQuery, view: ScimUserView): Promise<ScimListResult> {
  let base = usersOf(db, connectionId);
  const where = query.where;
  if (where?.attribute === 'userName') base = base.where('scim_users.user_name_normalized', '=', where.value.toLowerCase());
  else if (where?.attribute === 'externalId') base = base.where('scim_users.external_id', '=', where.value);
  else if (where?.attribute === 'id') base = base.where('scim_users.id', '=', where.value);
  else if (where) return { totalResults: 0, resources: [] };
  const ordered = base.orderBy('scim_users.created_at').orderBy('scim_users.id');
  if (query.matches) {
    const all = (await ordered.execute()).map((row) => toStoredUser(row, view)).filter((u) => query.matches!({ ...u.resource, id: u.id }));
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
  return { totalResults: Number(total.n), resources: rows.map((row) => toStoredUser(row, view)) };
}
