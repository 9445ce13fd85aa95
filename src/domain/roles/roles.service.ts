import { sql } from 'kysely';
import { isUniqueViolation } from '../../db/errors.js';
import type { ServiceDeps } from '../services.js';
import { fail } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import type { OffsetPage, PageResult } from '../shared/pagination.js';
import { assertPermissionsExist, listRolePermissions, permissionsFor } from './roles.permissions.js';
import { findRoleRow, likeContains, toRole } from './roles.queries.js';
import type { PermissionRef, Role, RoleInput, RolePatch, RolePermission } from './roles.types.js';

const NOT_FOUND = 'The role does not exist.';

/** Roles and their permissions. */
export function createRolesService({ db, clock }: ServiceDeps) {
  function conflict(error: unknown): never {
    if (isUniqueViolation(error)) fail('role_conflict', 'A role with this name already exists.');
    throw error;
  }

  async function get(id: string): Promise<Role> {
    const row = await findRoleRow(db, id);
    if (!row) fail('inexistent_role', NOT_FOUND);
    return toRole(row);
  }

  async function assertExists(id: string): Promise<void> {
    const row = await db.selectFrom('roles').select('id').where('id', '=', id).executeTakeFirst();
    if (!row) fail('inexistent_role', NOT_FOUND);
  }

  return {
    get,

    async create(input: RoleInput): Promise<Role> {
      const row = { id: prefixedId('rol'), name: input.name, description: input.description ?? null, created_at: iso(clock.now()) };
      await db.insertInto('roles').values(row).execute().catch(conflict);
      return toRole(row);
    },

    /** Lists by name; `nameFilter` matches case-insensitively anywhere in the name, as Auth0's does. */
    async list(page: OffsetPage, nameFilter?: string): Promise<PageResult<Role>> {
      let query = db.selectFrom('roles');
      if (nameFilter) query = query.where(sql<boolean>`lower(name) like ${likeContains(nameFilter)} escape '!'`);
      const rows = await query
        .select(['id', 'name', 'description'])
        .orderBy('name')
        .orderBy('id')
        .limit(page.perPage)
        .offset(page.page * page.perPage)
        .execute();
      const result: PageResult<Role> = { items: rows.map(toRole) };
      if (page.includeTotals) {
        const { count } = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
        result.total = Number(count);
      }
      return result;
    },

    async update(id: string, patch: RolePatch): Promise<Role> {
      const changes: { name?: string; description?: string } = {};
      if (patch.name !== undefined) changes.name = patch.name;
      if (patch.description !== undefined) changes.description = patch.description;
      if (Object.keys(changes).length === 0) return get(id);
      const result = await db.updateTable('roles').set(changes).where('id', '=', id).executeTakeFirst().catch(conflict);
      if (result.numUpdatedRows === 0n) fail('inexistent_role', NOT_FOUND);
      return get(id);
    },

    /** Deletes the role; its permissions and assignments go with it (foreign keys cascade). */
    async remove(id: string): Promise<void> {
      const result = await db.deleteFrom('roles').where('id', '=', id).executeTakeFirst();
      if (result.numDeletedRows === 0n) fail('inexistent_role', NOT_FOUND);
    },

    async listPermissions(id: string, page: OffsetPage): Promise<PageResult<RolePermission>> {
      await assertExists(id);
      return listRolePermissions(db, id, page);
    },

    /** Adds permissions; ones the role already has are kept as they are. */
    async addPermissions(id: string, permissions: PermissionRef[]): Promise<void> {
      await assertExists(id);
      await assertPermissionsExist(db, permissions);
      await db.transaction().execute(async (trx) => {
        for (const p of permissions) {
          await trx
            .insertInto('role_permissions')
            .values({ role_id: id, resource_server_identifier: p.resource_server_identifier, permission_name: p.permission_name })
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
      });
    },

    /** Removes permissions; ones the role does not have are ignored. */
    async removePermissions(id: string, permissions: PermissionRef[]): Promise<void> {
      await assertExists(id);
      await db.transaction().execute(async (trx) => {
        for (const p of permissions) {
          await trx
            .deleteFrom('role_permissions')
            .where('role_id', '=', id)
            .where('resource_server_identifier', '=', p.resource_server_identifier)
            .where('permission_name', '=', p.permission_name)
            .execute();
        }
      });
    },

    /** The permission names `roleIds` grant for the API `audience` (for access tokens). */
    permissionsFor(roleIds: string[], audience: string): Promise<string[]> {
      return permissionsFor(db, roleIds, audience);
    },
  };
}

export type RolesService = ReturnType<typeof createRolesService>;
