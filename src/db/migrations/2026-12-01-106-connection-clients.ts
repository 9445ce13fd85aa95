import { sql, type Kysely } from 'kysely';

// Connections are enabled per application, as Auth0's `enabled_clients` (issue 11, item 6).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('connection_clients')
    .ifNotExists()
    .addColumn('connection_id', 'text', (c) => c.notNull().references('connections.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id').onDelete('cascade'))
    .addPrimaryKeyConstraint('connection_clients_pk', ['connection_id', 'client_id'])
    .execute();
  await db.schema.createIndex('connection_clients_client').ifNotExists().on('connection_clients').columns(['client_id']).execute();

  // Existing deployments keep working: every connection stays usable by every application until changed.
  await sql`insert into connection_clients (connection_id, client_id)
    select connections.id, clients.client_id from connections cross join clients`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('connection_clients').ifExists().execute();
}
