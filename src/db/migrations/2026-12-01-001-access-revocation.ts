import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Access follows membership, blocking and passwords: every piece of oidc-provider state of one
// user (sessions, grants, codes, tokens) must be found and revoked in one statement, and a grant
// must remember which connection its user signed in with.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oidc_payloads').addColumn('account_id', 'text').execute();
  await db.schema.createIndex('oidc_payloads_account_id').on('oidc_payloads').columns(['account_id']).execute();
  // Rows written before this migration: the account is inside the JSON payload. Both dialects
  // read JSON text this way (SQLite's json_extract, PostgreSQL's ->> on a cast).
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const accountOf = postgres ? sql`payload::json->>'accountId'` : sql`json_extract(payload, '$.accountId')`;
  await sql`UPDATE oidc_payloads SET account_id = ${accountOf} WHERE account_id IS NULL`.execute(db);

  // The connection a grant's user authenticated with. A silent organization switch reuses the
  // session's login only where that connection is usable, and disabling a connection in an
  // organization or for an application revokes the grants it produced there.
  await db.schema
    .createTable('grant_connections')
    .addColumn('grant_id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grant_connections_connection_id').on('grant_connections').columns(['connection_id']).execute();
  await db.schema.createIndex('grant_organizations_user').on('grant_organizations').columns(['organization_id', 'user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('grant_organizations_user').ifExists().execute();
  await db.schema.dropTable('grant_connections').ifExists().execute();
  await db.schema.dropIndex('oidc_payloads_account_id').ifExists().execute();
  await db.schema.alterTable('oidc_payloads').dropColumn('account_id').execute();
}
