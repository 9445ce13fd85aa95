import { revokeConnectionAccess } from '../access/access-revocation.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { invalidInput } from '../errors.js';

// The applications a connection is enabled for (Auth0's `enabled_clients`), one row per pair.

/** The enabled client ids of each connection, in client id order. */
export async function enabledClientsOf(db: Kysely<Database>, connectionIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(connectionIds.map((id) => [id, []]));
  if (connectionIds.length === 0) return out;
  const rows = await db
    .selectFrom('connection_clients')
    .select(['connection_id', 'client_id'])
    .where('connection_id', 'in', connectionIds)
    .orderBy('client_id')
    .execute();
  for (const row of rows) out.get(row.connection_id)?.push(row.client_id);
  return out;
}

/** Refuses client ids that name no application, naming the field they came in. */
export async function assertClientsExist(db: Kysely<Database>, clientIds: string[], field: string): Promise<void> {
  const wanted = [...new Set(clientIds)];
  if (wanted.length === 0) return;
  const found = new Set(
    (await db.selectFrom('clients').select('client_id').where('client_id', 'in', wanted).execute()).map((r) => r.client_id),
  );
  const unknown = wanted.find((id) => !found.has(id));
  if (unknown !== undefined) invalidInput(field, `No client found by that id: ${unknown}`, { value: unknown });
}

/** Makes the connection enabled for exactly these clients; the others lose the grants it gave them. */
export async function replaceEnabledClients(trx: Kysely<Database>, connectionId: string, clientIds: string[]): Promise<void> {
  const before = await trx.selectFrom('connection_clients').select('client_id').where('connection_id', '=', connectionId).execute();
  await trx.deleteFrom('connection_clients').where('connection_id', '=', connectionId).execute();
  await enableClients(trx, connectionId, clientIds);
  await revokeConnectionAccess(
    trx,
    connectionId,
    before.map((r) => r.client_id).filter((id) => !clientIds.includes(id)),
  );
}

/** Enables the connection for these clients (idempotent). */
export async function enableClients(trx: Kysely<Database>, connectionId: string, clientIds: string[]): Promise<void> {
  const unique = [...new Set(clientIds)];
  if (unique.length === 0) return;
  await trx
    .insertInto('connection_clients')
    .values(unique.map((client_id) => ({ connection_id: connectionId, client_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Disables the connection for these clients, and revokes the grants it gave them. */
export async function disableClients(trx: Kysely<Database>, connectionId: string, clientIds: string[]): Promise<void> {
  if (clientIds.length === 0) return;
  await trx.deleteFrom('connection_clients').where('connection_id', '=', connectionId).where('client_id', 'in', clientIds).execute();
  await revokeConnectionAccess(trx, connectionId, clientIds);
}

/** A new connection given no `enabled_clients`: enabled for every existing application (Gatehouse's default). */
export async function enableForEveryClient(trx: Kysely<Database>, connectionId: string): Promise<void> {
  await trx
    .insertInto('connection_clients')
    .columns(['connection_id', 'client_id'])
    // SQLite reads `SELECT … ON CONFLICT` as a join unless the SELECT has a WHERE clause.
    .expression((eb) =>
      eb
        .selectFrom('clients')
        .select([eb.val(connectionId).as('connection_id'), 'client_id'])
        .where('client_id', 'is not', null),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** A new application: every existing connection is enabled for it (Auth0's `enable_client_connections` flag, on by default). */
export async function enableEveryConnection(trx: Kysely<Database>, clientId: string): Promise<void> {
  await trx
    .insertInto('connection_clients')
    .columns(['connection_id', 'client_id'])
    // SQLite reads `SELECT … ON CONFLICT` as a join unless the SELECT has a WHERE clause.
    .expression((eb) =>
      eb
        .selectFrom('connections')
        .select(['id as connection_id', eb.val(clientId).as('client_id')])
        .where('id', 'is not', null),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}
