import type { ServiceDeps } from '../services.js';
import { fail } from '../errors.js';
import type { OffsetPage, PageResult } from '../shared/pagination.js';
import { assertRolesExist, toRole } from '../roles/roles.queries.js';
import type { Role } from '../roles/roles.types.js';
import { findUserRow } from './users.queries.js';

const NOT_FOUND = 'The user does not exist.';

/**
 * A user's tenant roles (`/users/{id}/roles`, Auth0's shape): what the user holds outside any
 * organization, and what a token without an organization carries.
 */
export function createUserRoleOperations({ db }: ServiceDeps) {
  async function assertUser(userId: string): Promise<void> {
    if (!(await findUserRow(db, userId))) fail('inexistent_user', NOT_FOUND);
  }

  return {
    /** The user's roles by name, offset paging. */
    async listRoles(userId: string, page: OffsetPage): Promise<PageResult<Role>> {
      await assertUser(userId);
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
    async assignRoles(userId: string, roleIds: string[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await findUserRow(trx, userId))) fail('inexistent_user', NOT_FOUND);
        await assertRolesExist(trx, roleIds, 'roles');
        for (const roleId of new Set(roleIds)) {
          await trx
            .insertInto('user_roles')
            .values({ user_id: userId, role_id: roleId })
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
      });
    },

    /** Removes roles; ones the user does not hold are ignored. */
    async removeRoles(userId: string, roleIds: string[]): Promise<void> {
      await assertUser(userId);
      await db
        .deleteFrom('user_roles')
        .where('user_id', '=', userId)
        .where('role_id', 'in', [...new Set(roleIds)])
        .execute();
    },
  };
}
