import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { fail } from '../errors.js';
import type { OffsetPage, PageResult } from '../shared/pagination.js';
import { assertRolesExist, toRole } from '../roles/roles.queries.js';
import type { Role } from '../roles/roles.types.js';
import type { UserRow } from '../../db/schema/users.table.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { addUserRoles, findUserRow, removeUserRoles, userSubject } from './users.queries.js';

const NOT_FOUND = 'The user does not exist.';

/**
 * A user's tenant roles (`/users/{id}/roles`, Auth0's shape): what the user holds outside any
 * organization, and what a token without an organization carries.
 */
export function createUserRoleOperations({ db, events }: ServiceDeps) {
  async function existing(trx: Kysely<Database>, userId: string): Promise<UserRow> {
    const row = await findUserRow(trx, userId);
    if (!row) fail('inexistent_user', NOT_FOUND);
    return row;
  }

  return {
    /** The user's roles by name, offset paging. */
    async listRoles(userId: string, page: OffsetPage): Promise<PageResult<Role>> {
      await existing(db, userId);
      const base = db
        .selectFrom('user_roles')
        .innerJoin('roles', 'roles.id', 'user_roles.role_id')
        .where('user_roles.user_id', '=', userId);
      const rows = await base
        .select(['roles.id', 'roles.name', 'roles.description'])
        .orderBy('roles.name')
        .orderBy('roles.id')
        .limit(page.perPage)
        .offset(page.page * page.perPage)
        .execute();
      const result: PageResult<Role> = { items: rows.map(toRole) };
      if (page.includeTotals) {
        const { count } = await base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
        result.total = Number(count);
      }
      return result;
    },

    /** Assigns roles; ones the user already holds stay as they are. */
    async assignRoles(actor: Actor, userId: string, roleIds: string[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const user = await existing(trx, userId);
        await assertRolesExist(trx, roleIds, 'roles');
        const roles = [...new Set(roleIds)];
        await addUserRoles(trx, userId, roles);
        await events.record(trx, actor, { type: 'user_roles_assigned', ...userSubject(user), details: { roles } });
      });
    },

    /** Removes roles; ones the user does not hold are ignored. */
    async removeRoles(actor: Actor, userId: string, roleIds: string[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const user = await existing(trx, userId);
        const roles = [...new Set(roleIds)];
        await removeUserRoles(trx, userId, roles);
        await events.record(trx, actor, { type: 'user_roles_removed', ...userSubject(user), details: { roles } });
      });
    },
  };
}
