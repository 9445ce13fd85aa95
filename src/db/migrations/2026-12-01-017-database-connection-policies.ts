import type { Kysely } from 'kysely';

// Database connections honour Auth0's sign-up and password options (issue item 17).
export async function up(db: Kysely<any>): Promise<void> {
  // Previous password hashes of a database identity, for `password_history`; newest first by created_at.
  await db.schema
    .createTable('password_history')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('identity_id', 'text', (c) => c.notNull().references('identities.id').onDelete('cascade'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('password_history_identity')
    .ifNotExists()
    .on('password_history')
    .columns(['identity_id', 'created_at'])
    .execute();

  // Existing deployments: the bootstrap put the tenant administrator (settings key
  // `tenant_admin_user_id`) in `Username-Password-Authentication` with sign-up open. Close it
  // unless someone already chose a value for disable_signup.
  const admin = await db.selectFrom('settings').select('value').where('key', '=', 'tenant_admin_user_id').executeTakeFirst();
  if (!admin) return;
  const adminUserId = JSON.parse(admin.value as string) as string;
  const connections = await db
    .selectFrom('identities as i')
    .innerJoin('connections as c', 'c.id', 'i.connection_id')
    .select(['c.id', 'c.options'])
    .where('i.user_id', '=', adminUserId)
    .where('c.strategy', '=', 'auth0')
    .where('c.name', '=', 'Username-Password-Authentication')
    .execute();
  for (const connection of connections) {
    const options = JSON.parse(connection.options as string) as Record<string, unknown>;
    if (options.disable_signup !== undefined) continue;
    await db
      .updateTable('connections')
      .set({ options: JSON.stringify({ ...options, disable_signup: true }) })
      .where('id', '=', connection.id)
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_history').ifExists().execute();
}
