import type { Kysely } from 'kysely';

// Multi-factor authentication: each user's authentication methods (Auth0's names: totp, webauthn-roaming,
// webauthn-platform, passkey, email, recovery-code). A TOTP secret is stored encrypted (it must be read
// back to check a code), a recovery code only as its hash; a WebAuthn credential keeps its public key
// and signature counter. `last_step` is the last TOTP time step accepted, so a code is never used twice.
// The organization's MFA policy rides on its row; the tenant's is a settings row (`mfa_policy`).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('authentication_methods')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('secret_encrypted', 'text')
    .addColumn('last_step', 'bigint')
    .addColumn('credential_id', 'text', (c) => c.unique())
    .addColumn('public_key', 'text')
    .addColumn('counter', 'bigint')
    .addColumn('transports', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_auth_at', 'text')
    .execute();
  await db.schema.createIndex('authentication_methods_user').ifNotExists().on('authentication_methods').column('user_id').execute();
  await db.schema
    .createTable('recovery_codes')
    .ifNotExists()
    .addColumn('method_id', 'text', (c) => c.notNull().references('authentication_methods.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('recovery_codes_pk', ['method_id', 'code_hash'])
    .execute();
  await db.schema
    .alterTable('organizations')
    .addColumn('mfa_policy', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organizations').dropColumn('mfa_policy').execute();
  await db.schema.dropTable('recovery_codes').ifExists().execute();
  await db.schema.dropTable('authentication_methods').ifExists().execute();
}
