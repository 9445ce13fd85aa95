import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { RoleRow } from '../../db/schema/roles.table.js';
import { invalidInput } from '../errors.js';
import type { Role } from './roles.types.js';

/** Maps a stored row to the domain shape (`description` only when set, as Auth0 omits it). */
export function toRole(row: Pick<RoleRow, 'id' | 'name' | 'description'>): Role {
  const role: Role = { id: row.id, name: row.name };
  if (row.description !== null) role.description = row.description;
  return role;
}

export async function findRoleRow(db: Kysely<Database>, id: string): Promise<RoleRow | undefined> {
  return db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
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
