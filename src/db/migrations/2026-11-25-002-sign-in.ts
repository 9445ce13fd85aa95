import type { Kysely } from 'kysely';

// Sign-in state that oidc-provider's own models have no room for.
export async function up(db: Kysely<any>): Promise<void> {
  // The organization a grant (one application × one signed-in user) was issued in: tokens minted from
  // the grant carry it as org_id.
  await db.schema
    .createTable('grant_organizations')
    .addColumn('grant_id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // One-time links sent by email (password reset, email verification). Only a hash of the token is kept.
  await db.schema
    .createTable('email_tickets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('connection_id', 'text')
    .addColumn('return_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('email_tickets_user').on('email_tickets').columns(['user_id', 'kind']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_tickets').ifExists().execute();
  await db.schema.dropTable('grant_organizations').ifExists().execute();
}
