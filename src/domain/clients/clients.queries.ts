import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ClientRow, ClientRowUpdate, NewClientRow } from '../../db/schema/clients.table.js';
import { bool, parseJson } from '../shared/json.js';
import type { Client } from './clients.types.js';

export function toClient(row: ClientRow): Client {
  const client: Client = {
    client_id: row.client_id,
    client_secret: row.client_secret,
    name: row.name,
    is_first_party: bool(row.is_first_party),
    callbacks: parseJson(row.callbacks, []),
    allowed_logout_urls: parseJson(row.allowed_logout_urls, []),
    web_origins: parseJson(row.web_origins, []),
    grant_types: parseJson(row.grant_types, []),
    token_endpoint_auth_method: row.token_endpoint_auth_method as Client['token_endpoint_auth_method'],
    organization_usage: row.organization_usage as Client['organization_usage'],
    organization_require_behavior: row.organization_require_behavior as Client['organization_require_behavior'],
    client_metadata: parseJson(row.client_metadata, {}),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
  if (row.description !== null) client.description = row.description;
  if (row.app_type !== null) client.app_type = row.app_type as Client['app_type'];
  if (row.initiate_login_uri !== null) client.initiate_login_uri = row.initiate_login_uri;
  return client;
}

export async function findClientRow(db: Kysely<Database>, clientId: string): Promise<ClientRow | undefined> {
  return db.selectFrom('clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export async function insertClient(trx: Kysely<Database>, row: NewClientRow): Promise<void> {
  await trx.insertInto('clients').values(row).execute();
}

/** False when there is no such client. */
export async function updateClient(trx: Kysely<Database>, clientId: string, changes: ClientRowUpdate): Promise<boolean> {
  const result = await trx.updateTable('clients').set(changes).where('client_id', '=', clientId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** False when there is no such client. */
export async function deleteClient(trx: Kysely<Database>, clientId: string): Promise<boolean> {
  const result = await trx.deleteFrom('clients').where('client_id', '=', clientId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** What an event says about the application it concerns (never its secret). */
export function clientSubject(row: Pick<ClientRow, 'client_id' | 'name'>) {
  return { clientId: row.client_id, clientName: row.name };
}

const BOOTSTRAP_CLIENT_KEY = 'bootstrap_client_id';

/** The bootstrap management application's id (settings row written by bootstrapTenant), if any. */
export async function findBootstrapClientId(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', BOOTSTRAP_CLIENT_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as string) : undefined;
}
