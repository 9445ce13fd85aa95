import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ScimConfigurationRow, ScimTokenRow } from '../../db/schema/scim.table.js';
import { parseJson } from '../shared/json.js';
import type { ScimMappingItem, ScimTokenInfo } from './scim.types.js';

type Db = Kysely<Database>;

export function findConfigurationRow(db: Db, connectionId: string): Promise<ScimConfigurationRow | undefined> {
  return db.selectFrom('scim_configurations').selectAll().where('connection_id', '=', connectionId).executeTakeFirst();
}

export function mappingOf(row: ScimConfigurationRow): ScimMappingItem[] {
  return parseJson<ScimMappingItem[]>(row.mapping, []);
}

export function tokensOf(db: Db, connectionId: string): Promise<ScimTokenRow[]> {
  return db.selectFrom('scim_tokens').selectAll().where('connection_id', '=', connectionId).orderBy('created_at').orderBy('id').execute();
}

export function findTokenByHash(db: Db, hash: string): Promise<ScimTokenRow | undefined> {
  return db.selectFrom('scim_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export function toTokenInfo(row: ScimTokenRow): ScimTokenInfo {
  return {
    token_id: row.id,
    scopes: parseJson<string[]>(row.scopes, []),
    created_at: row.created_at,
    ...(row.valid_until ? { valid_until: row.valid_until } : {}),
    ...(row.last_used_at ? { last_used_at: row.last_used_at } : {}),
  };
}
