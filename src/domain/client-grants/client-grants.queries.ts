import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ClientGrantRow } from '../../db/schema/client-grants.table.js';
import { bool, parseJson } from '../shared/json.js';
import type { ClientGrant } from './client-grants.types.js';

export function toClientGrant(row: ClientGrantRow): ClientGrant {
  const grant: ClientGrant = {
    id: row.id,
    client_id: row.client_id,
    audience: row.audience,
    scope: parseJson(row.scope, []),
    allow_any_organization: bool(row.allow_any_organization),
    created_at: row.created_at,
  };
  if (row.organization_usage !== null) grant.organization_usage = row.organization_usage as ClientGrant['organization_usage'];
  return grant;
}

/** The grant of one client for one API, if any. */
export async function findClientGrant(db: Kysely<Database>, clientId: string, audience: string): Promise<ClientGrant | undefined> {
  const row = await db
    .selectFrom('client_grants')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('audience', '=', audience)
    .executeTakeFirst();
  return row && toClientGrant(row);
}
