import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ClientGrantRow, ClientGrantRowUpdate } from '../../db/schema/client-grants.table.js';
import { bool, parseJson } from '../shared/json.js';
import type { ClientGrant, SubjectType } from './client-grants.types.js';

export function toClientGrant(row: ClientGrantRow): ClientGrant {
  const grant: ClientGrant = {
    id: row.id,
    client_id: row.client_id,
    audience: row.audience,
    scope: parseJson(row.scope, []),
    allow_any_organization: bool(row.allow_any_organization),
    subject_type: row.subject_type as SubjectType,
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

export async function findClientGrantRow(db: Kysely<Database>, id: string): Promise<ClientGrantRow | undefined> {
  return db.selectFrom('client_grants').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertClientGrant(trx: Kysely<Database>, row: ClientGrantRow): Promise<void> {
  await trx.insertInto('client_grants').values(row).execute();
}

export async function updateClientGrant(trx: Kysely<Database>, id: string, changes: ClientGrantRowUpdate): Promise<void> {
  await trx.updateTable('client_grants').set(changes).where('id', '=', id).execute();
}

export async function deleteClientGrant(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('client_grants').where('id', '=', id).execute();
}

/** Every grant of one application (it is being deleted). */
export async function deleteClientGrantsOfClient(trx: Kysely<Database>, clientId: string): Promise<void> {
  await trx.deleteFrom('client_grants').where('client_id', '=', clientId).execute();
}

/** Every grant for one API (it is being deleted). */
export async function deleteClientGrantsForAudience(trx: Kysely<Database>, audience: string): Promise<void> {
  await trx.deleteFrom('client_grants').where('audience', '=', audience).execute();
}

/** The grants for one API, with their scopes (to trim a scope the API no longer defines). */
export async function clientGrantsForAudience(db: Kysely<Database>, audience: string): Promise<Pick<ClientGrantRow, 'id' | 'scope'>[]> {
  return db.selectFrom('client_grants').select(['id', 'scope']).where('audience', '=', audience).execute();
}
