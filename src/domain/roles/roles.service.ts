import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { RoleRow, RoleRowUpdate } from '../../db/schema/roles.table.js';
import type { Actor } from '../events/actor.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ServiceDeps } from '../services.js';
import { fail } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import type { CheckpointPage, OffsetPage, PageResult } from '../shared/pagination.js';
import { pageByKey } from '../shared/keyset-page.js';
import { assertPermissionsExist, listRolePermissions, permissionsFor } from './roles.permissions.js';
import {
  addRolePermissions,
  deleteRole,
  findRoleRow,
  insertRole,
  likeContains,
  removeRolePermissions,
  toRole,
  updateRole,
} from './roles.queries.js';
import type { PermissionRef, Role, RoleInput, RolePatch, RolePermission } from './roles.types.js';

const NOT_FOUND = 'The role does not exist.';

/** Roles and their permissions. */
export function createRolesService({ db, clock, events }: ServiceDeps) {
  function conflict(error: unknown): never {
    if (isUniqueViolation(error)) fail('role_conflict', 'A role with this name already exists.');
    throw error;
  }

  async function existing(trx: Kysely<Database>, id: string): Promise<RoleRow> {
    const row = await findRoleRow(trx, id);
    if (!row) fail('inexistent_role', NOT_FOUND);
    return row;
  }

  async function get(id: string): Promise<Role> {
    return toRole(await existing(db, id));
  }

  /** What an event says about a role. */
  function roleDetails(row: Pick<RoleRow, 'id' | 'name'>) {
    return { role: { id: row.id, name: row.name } };
  }

  return {
    get,

    async create(actor: Actor, input: RoleInput): Promise<Role> {
      const row = { id: prefixedId('rol'), name: input.name, description: input.description ?? null, created_at: iso(clock.now()) };
      await db.transaction().execute(async (trx) => {
        await insertRole(trx, row).catch(conflict);
        await events.record(trx, actor, { type: 'role_created', details: roleDetails(row) });
      });
      return toRole(row);
    },

    /** Lists by name; `nameFilter` matches case-insensitively anywhere in the name, as Auth0's does. */
    /** Roles by id, checkpoint-paged; `nameFilter` keeps names containing it (case-insensitive). */
    async pageByCheckpoint(page: CheckpointPage, nameFilter?: string): Promise<PageResult<Role>> {
      let query = db.selectFrom('roles').select(['id', 'name', 'description']);
      if (nameFilter) query = query.where(sql<boolean>`lower(name) like ${likeContains(nameFilter)} escape '!'`);
      return pageByKey({ page, query, key: 'id', keyOf: (row) => row.id, toItems: (rows) => rows.map(toRole) });
    },

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

    /** An empty patch changes nothing and records nothing. */
    async update(actor: Actor, id: string, patch: RolePatch): Promise<Role> {
      const changes: RoleRowUpdate = {};
      if (patch.name !== undefined) changes.name = patch.name;
      if (patch.description !== undefined) changes.description = patch.description;
      if (Object.keys(changes).length === 0) return get(id);
      return db.transaction().execute(async (trx) => {
        await existing(trx, id);
        await updateRole(trx, id, changes).catch(conflict);
        const updated = await existing(trx, id);
        await events.record(trx, actor, {
          type: 'role_updated',
          details: { ...roleDetails(updated), changed: Object.keys(changes).sort() },
        });
        return toRole(updated);
      });
    },

    /** Deletes the role; its permissions and assignments go with it (foreign keys cascade). */
    async remove(actor: Actor, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await existing(trx, id);
        if (!(await deleteRole(trx, id))) fail('inexistent_role', NOT_FOUND);
        await events.record(trx, actor, { type: 'role_deleted', details: roleDetails(row) });
      });
    },

    async listPermissions(id: string, page: OffsetPage): Promise<PageResult<RolePermission>> {
      await existing(db, id);
      return listRolePermissions(db, id, page);
    },

    /** Adds permissions; ones the role already has are kept as they are. */
    async addPermissions(actor: Actor, id: string, permissions: PermissionRef[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await existing(trx, id);
        await assertPermissionsExist(trx, permissions);
        await addRolePermissions(trx, id, permissions);
        await events.record(trx, actor, { type: 'role_permissions_added', details: { ...roleDetails(row), permissions } });
      });
    },

    /** Removes permissions; ones the role does not have are ignored. */
    async removePermissions(actor: Actor, id: string, permissions: PermissionRef[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await existing(trx, id);
        await removeRolePermissions(trx, id, permissions);
        await events.record(trx, actor, { type: 'role_permissions_removed', details: { ...roleDetails(row), permissions } });
      });
    },

    /** The permission names `roleIds` grant for the API `audience` (for access tokens). */
    permissionsFor(roleIds: string[], audience: string): Promise<string[]> {
      return permissionsFor(db, roleIds, audience);
    },
  };
}

export type RolesService = ReturnType<typeof createRolesService>;
