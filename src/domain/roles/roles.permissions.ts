import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { invalidInput } from '../errors.js';
import { parseJson } from '../shared/json.js';
import type { OffsetPage, PageResult } from '../shared/pagination.js';
import type { PermissionRef, RolePermission } from './roles.types.js';

type Scope = { value: string; description?: string };

/** The scopes of each named resource server, by identifier; unknown identifiers are absent. */
async function scopesByIdentifier(db: Kysely<Database>, identifiers: string[]): Promise<Map<string, { name: string; scopes: Scope[] }>> {
  const unique = [...new Set(identifiers)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('resource_servers').select(['identifier', 'name', 'scopes']).where('identifier', 'in', unique).execute();
  return new Map(rows.map((r) => [r.identifier, { name: r.name, scopes: parseJson<Scope[]>(r.scopes, []) }]));
}

/** Throws 400 naming the first permission that is not a scope defined on an existing resource server. */
export async function assertPermissionsExist(db: Kysely<Database>, permissions: PermissionRef[]): Promise<void> {
  const servers = await scopesByIdentifier(
    db,
    permissions.map((p) => p.resource_server_identifier),
  );
  for (const p of permissions) {
    const server = servers.get(p.resource_server_identifier);
    if (!server) {
      invalidInput('permissions', `Resource server ${p.resource_server_identifier} does not exist`, {
        value: p.resource_server_identifier,
      });
    }
    if (!server.scopes.some((s) => s.value === p.permission_name)) {
      invalidInput('permissions', `Permission ${p.permission_name} does not exist on resource server ${p.resource_server_identifier}`, {
        value: p.permission_name,
      });
    }
  }
}

/** A role's permissions, with the resource server's name and the scope's description. */
export async function listRolePermissions(db: Kysely<Database>, roleId: string, page: OffsetPage): Promise<PageResult<RolePermission>> {
  const rows = await db
    .selectFrom('role_permissions')
    .select(['resource_server_identifier', 'permission_name'])
    .where('role_id', '=', roleId)
    .orderBy('resource_server_identifier')
    .orderBy('permission_name')
    .limit(page.perPage)
    .offset(page.page * page.perPage)
    .execute();
  const servers = await scopesByIdentifier(
    db,
    rows.map((r) => r.resource_server_identifier),
  );
  const items = rows.map((r) => {
    const server = servers.get(r.resource_server_identifier);
    const permission: RolePermission = {
      permission_name: r.permission_name,
      resource_server_identifier: r.resource_server_identifier,
      resource_server_name: server?.name ?? r.resource_server_identifier,
    };
    const description = server?.scopes.find((s) => s.value === r.permission_name)?.description;
    if (description !== undefined) permission.description = description;
    return permission;
  });
  const result: PageResult<RolePermission> = { items };
  if (page.includeTotals) {
    const { count } = await db
      .selectFrom('role_permissions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('role_id', '=', roleId)
      .executeTakeFirstOrThrow();
    result.total = Number(count);
  }
  return result;
}

/**
 * The distinct permission names the roles grant for one API (`audience`). Scopes since removed from
 * the resource server are left out, so a stale assignment never reaches a token.
 */
export async function permissionsFor(db: Kysely<Database>, roleIds: string[], audience: string): Promise<string[]> {
  if (roleIds.length === 0) return [];
  const rows = await db
    .selectFrom('role_permissions')
    .select('permission_name')
    .distinct()
    .where('role_id', 'in', [...new Set(roleIds)])
    .where('resource_server_identifier', '=', audience)
    .orderBy('permission_name')
    .execute();
  const server = (await scopesByIdentifier(db, [audience])).get(audience);
  if (!server) return [];
  const defined = new Set(server.scopes.map((s) => s.value));
  return rows.map((r) => r.permission_name).filter((name) => defined.has(name));
}
