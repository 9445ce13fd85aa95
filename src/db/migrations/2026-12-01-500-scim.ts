import type { Kysely } from 'kysely';

// SCIM 2.0 inbound provisioning per enterprise connection (issue 14). A connection with a row in
// `scim_configurations` accepts SCIM requests; `scim_tokens` hold only the SHA-256 of each bearer
// token. `scim_users` ties a SCIM resource to the Gatehouse user the connection's logins reach
// (the identity's subject is the configured user id attribute) and keeps the resource as the IdP
// last sent it; `user_name_normalized` is unique per connection (Okta expects 409 on a duplicate)
// and indexed, because IdPs look users up by `userName eq` before every change.
// `group_role_mappings` is the declarative group → organization role mapping of a connection in
// an organization: applied as SCIM group membership changes and at each login.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scim_configurations')
    .ifNotExists()
    .addColumn('connection_id', 'text', (c) => c.primaryKey().references('connections.id').onDelete('cascade'))
    .addColumn('user_id_attribute', 'text', (c) => c.notNull())
    // JSON: [{ auth0, scim }]
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('scim_tokens')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('scim_configurations.connection_id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // JSON: ["get:users", …]
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scim_tokens_connection').ifNotExists().on('scim_tokens').column('connection_id').execute();
  await db.schema
    .createTable('scim_users')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('connections.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('user_name_normalized', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    // JSON: the SCIM resource without id and meta.
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('scim_users_connection_user_name', ['connection_id', 'user_name_normalized'])
    .execute();
  await db.schema
    .createIndex('scim_users_connection_external_id')
    .ifNotExists()
    .on('scim_users')
    .columns(['connection_id', 'external_id'])
    .execute();
  await db.schema
    .createTable('scim_groups')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('connections.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('display_name_normalized', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('scim_groups_connection_display_name', ['connection_id', 'display_name_normalized'])
    .execute();
  await db.schema
    .createTable('scim_group_members')
    .ifNotExists()
    .addColumn('group_id', 'text', (c) => c.notNull().references('scim_groups.id').onDelete('cascade'))
    .addColumn('scim_user_id', 'text', (c) => c.notNull().references('scim_users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('scim_group_members_pk', ['group_id', 'scim_user_id'])
    .execute();
  await db.schema.createIndex('scim_group_members_user').ifNotExists().on('scim_group_members').column('scim_user_id').execute();
  await db.schema
    .createTable('group_role_mappings')
    .ifNotExists()
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('connection_id', 'text', (c) => c.notNull().references('connections.id').onDelete('cascade'))
    // The group's display name as SCIM and the login's `groups` attribute name it, lowercased.
    .addColumn('group_name', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_role_mappings_pk', ['organization_id', 'connection_id', 'group_name', 'role_id'])
    .execute();
  await db.schema.createIndex('group_role_mappings_connection').ifNotExists().on('group_role_mappings').column('connection_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['group_role_mappings', 'scim_group_members', 'scim_groups', 'scim_users', 'scim_tokens', 'scim_configurations']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
