import type { Kysely } from 'kysely';

// One-time codes emailed as the fallback second factor. Each row is bound to the user and to the login
// (oidc-provider interaction) it was sent for, lives a few minutes and is used at most once; only a hash
// of the code is stored. Sending a new code marks the earlier unused ones of the same login used.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mfa_email_codes')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('interaction_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('mfa_email_codes_login').ifNotExists().on('mfa_email_codes').columns(['user_id', 'interaction_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mfa_email_codes').ifExists().execute();
}
