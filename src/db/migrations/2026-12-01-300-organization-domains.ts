import { sql, type Kysely } from 'kysely';

// Verified domains (Auth0's organization discovery domains): an email domain an organization claims,
// proved by a DNS TXT record. A domain may be pending or failed in several organizations, but verified
// in one only: the partial unique index makes that a database rule, so two concurrent verifications
// cannot both win. The organization's SSO enforcement settings ride on its row.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organization_domains')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('domain', 'text', (c) => c.notNull())
    // pending | verified | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('use_for_organization_discovery', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('verification_txt', 'text', (c) => c.notNull())
    .addColumn('last_checked_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('verified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('organization_domains_organization_domain', ['organization_id', 'domain'])
    .execute();
  await db.schema
    .createIndex('organization_domains_verified_domain')
    .on('organization_domains')
    .column('domain')
    .unique()
    .where(sql.ref('status'), '=', 'verified')
    .execute();
  await db.schema
    .alterTable('organizations')
    .addColumn('sso_enforced', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('organizations')
    .addColumn('sso_break_glass', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organizations').dropColumn('sso_break_glass').execute();
  await db.schema.alterTable('organizations').dropColumn('sso_enforced').execute();
  await db.schema.dropTable('organization_domains').ifExists().execute();
}
