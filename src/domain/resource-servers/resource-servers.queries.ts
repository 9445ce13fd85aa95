import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ResourceServerRow, ResourceServerRowUpdate } from '../../db/schema/resource-servers.table.js';
import { bool, parseJson } from '../shared/json.js';
import type { ResourceServer, SystemApi } from './resource-servers.types.js';

export function toResourceServer(row: ResourceServerRow): ResourceServer {
  const api: ResourceServer = {
    id: row.id,
    identifier: row.identifier,
    name: row.name,
    scopes: parseJson(row.scopes, []),
    signing_alg: 'RS256',
    token_lifetime: row.token_lifetime,
    is_system: bool(row.is_system),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
  if (row.system_api !== null) api.system_api = row.system_api as SystemApi;
  return api;
}

export async function findResourceServerByIdentifier(db: Kysely<Database>, identifier: string): Promise<ResourceServer | undefined> {
  const row = await db.selectFrom('resource_servers').selectAll().where('identifier', '=', identifier).executeTakeFirst();
  return row && toResourceServer(row);
}

/** Auth0 addresses a resource server by its id or by its identifier (audience). */
export async function findResourceServerRow(db: Kysely<Database>, idOrIdentifier: string): Promise<ResourceServerRow | undefined> {
  // The id wins when one server's id equals another's identifier.
  return (
    (await db.selectFrom('resource_servers').selectAll().where('id', '=', idOrIdentifier).executeTakeFirst()) ??
    db.selectFrom('resource_servers').selectAll().where('identifier', '=', idOrIdentifier).executeTakeFirst()
  );
}

export async function insertResourceServer(trx: Kysely<Database>, row: ResourceServerRow): Promise<void> {
  await trx.insertInto('resource_servers').values(row).execute();
}

export async function updateResourceServer(trx: Kysely<Database>, id: string, changes: ResourceServerRowUpdate): Promise<void> {
  await trx.updateTable('resource_servers').set(changes).where('id', '=', id).execute();
}

export async function deleteResourceServer(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('resource_servers').where('id', '=', id).execute();
}
