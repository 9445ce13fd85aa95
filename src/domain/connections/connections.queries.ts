import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ConnectionRow, ConnectionRowUpdate, NewConnectionRow } from '../../db/schema/connections.table.js';
import { fail } from '../errors.js';
import { bool, parseJson } from '../shared/json.js';
import type { Connection, ConnectionOptions, Strategy } from './connections.types.js';

/** Maps a stored row to the domain shape (secrets included). */
export function toConnection(row: ConnectionRow): Connection {
  const connection: Connection = {
    id: row.id,
    name: row.name,
    strategy: row.strategy as Strategy,
    options: parseJson<ConnectionOptions>(row.options, { domain_aliases: [], is_create_missing_user: true, is_trusted: false }),
    enabled_clients: [],
    // Auth0: without explicit realms, the connection's name is its realm.
    realms: [row.name],
    is_domain_connection: bool(row.is_domain_connection),
    metadata: parseJson(row.metadata, {}),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
  if (row.display_name !== null) connection.display_name = row.display_name;
  if (row.organization_id !== null) connection.organization_id = row.organization_id;
  return connection;
}

export async function findConnectionRow(db: Kysely<Database>, id: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertConnection(trx: Kysely<Database>, row: NewConnectionRow): Promise<void> {
  await trx.insertInto('connections').values(row).execute();
}

export async function updateConnection(trx: Kysely<Database>, id: string, changes: ConnectionRowUpdate): Promise<void> {
  await trx.updateTable('connections').set(changes).where('id', '=', id).execute();
}

/** False when there was no such connection (a concurrent delete won). */
export async function deleteConnection(trx: Kysely<Database>, id: string): Promise<boolean> {
  const result = await trx.deleteFrom('connections').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** What an event says about the connection it concerns (the audit log filters on these). */
export function connectionSubject(row: Pick<ConnectionRow, 'id' | 'name' | 'strategy' | 'organization_id'>) {
  return {
    connection: row.name,
    connectionId: row.id,
    strategy: row.strategy,
    ...(row.organization_id !== null ? { organizationId: row.organization_id } : {}),
  };
}

/**
 * Makes `connection_domains` hold exactly `domains` for the connection. That table's primary key is
 * the guarantee that a domain routes to one connection; the pre-check only gives a precise message.
 */
export async function replaceDomains(trx: Kysely<Database>, connectionId: string, domains: string[]): Promise<void> {
  if (domains.length > 0) {
    const taken = await trx
      .selectFrom('connection_domains')
      .select(['domain'])
      .where('domain', 'in', domains)
      .where('connection_id', '<>', connectionId)
      .orderBy('domain')
      .executeTakeFirst();
    if (taken) fail('domain_conflict', `The domain ${taken.domain} is already used by another connection.`);
  }
  await trx.deleteFrom('connection_domains').where('connection_id', '=', connectionId).execute();
  if (domains.length > 0) {
    await trx
      .insertInto('connection_domains')
      .values(domains.map((domain) => ({ domain, connection_id: connectionId })))
      .execute();
  }
}
