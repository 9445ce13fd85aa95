import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { NewRoleRow, RoleRow, RoleRowUpdate } from '../../db/schema/roles.table.js';
import { invalidInput } from '../errors.js';
import type { PermissionRef, Role } from './roles.types.js';

/** Maps a stored row to the domain shape (`description` only when set, as Auth0 omits it). */
export function toRole(row: Pick<RoleRow, 'id' | 'name' | 'description'>): Role {
  const role: Role = { id: row.id, name: row.name };
  if (row.description !== null) role.description = row.description;
  return role;
}

export async function findRoleRow(db: Kysely<Database>, id: string): Promise<RoleRow | undefined> {
  return db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRole(trx: Kysely<Database>, row: NewRoleRow): Promise<void> {
  await trx.insertInto('roles').values(row).execute();
}

export async function updateRole(trx: Kysely<Database>, id: string, changes: RoleRowUpdate): Promise<void> {
  await trx.updateTable('roles').set(changes).where('id', '=', id).execute();
}

/** False when there was no such role (a concurrent delete won). */
export async function deleteRole(trx: Kysely<Database>, id: string): Promise<boolean> {
  const result = await trx.deleteFrom('roles').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Adds permissions to the role; ones it already has are kept as they are. */
export async function addRolePermissions(trx: Kysely<Database>, roleId: string, permissions: PermissionRef[]): Promise<void> {
  if (permissions.length === 0) return;
  await trx
    .insertInto('role_permissions')
    .values(
      permissions.map((p) => ({
        role_id: roleId,
        resource_server_identifier: p.resource_server_identifier,
        permission_name: p.permission_name,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeRolePermissions(trx: Kysely<Database>, roleId: string, permissions: PermissionRef[]): Promise<void> {
  for (const p of permissions) {
    await trx
      .deleteFrom('role_permissions')
      .where('role_id', '=', roleId)
      .where('resource_server_identifier', '=', p.resource_server_identifier)
      .where('permission_name', '=', p.permission_name)
      .execute();
  }
}

/**
 * Throws 400 naming the first id of `ids` that is not a role; `property` is the body field that
 * carried them (roles of a member, of an invitation).
 */
export async function assertRolesExist(db: Kysely<Database>, ids: string[], property: string): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await db.selectFrom('roles').select('id').where('id', 'in', unique).execute();
  const known = new Set(found.map((r) => r.id));
  const missing = unique.find((id) => !known.has(id));
  if (missing !== undefined) invalidInput(property, `Role ${missing} does not exist`, { value: missing });
}

/** `%`, `_` and the escape character itself, escaped for `LIKE … ESCAPE '!'`. */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}
