import type { Kysely } from 'kysely';

// Self-service SSO (Auth0's self-service profiles and SSO tickets). A profile says what the setup
// wizard offers (strategies, branding, user attributes); a ticket is one customer's one-time link to
// the wizard. The ticket's secret is stored as its SHA-256 only, and so is the secret of the wizard
// session it opens; `state` (JSON) is the wizard's progress: the chosen IdP, the connection it made,
// the test sign-in's outcome and the domains added.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('self_service_profiles')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    // JSON: [{ name, description, is_optional }], { logo_url, colors: { primary } }, ["samlp", …].
    .addColumn('user_attributes', 'text', (c) => c.notNull())
    .addColumn('branding', 'text')
    .addColumn('allowed_strategies', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sso_tickets')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('profile_id', 'text', (c) => c.notNull().references('self_service_profiles.id').onDelete('cascade'))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('session_hash', 'text')
    // JSON: the ticket's request (connection_config or connection_id, enabled_clients, …).
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    // JSON: who issued the ticket (an Actor), named by the wizard's events.
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_tickets_secret_hash').ifNotExists().unique().on('sso_tickets').column('secret_hash').execute();
  await db.schema.createIndex('sso_tickets_session_hash').ifNotExists().unique().on('sso_tickets').column('session_hash').execute();
  await db.schema.createIndex('sso_tickets_profile').ifNotExists().on('sso_tickets').column('profile_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sso_tickets').ifExists().execute();
  await db.schema.dropTable('self_service_profiles').ifExists().execute();
}
