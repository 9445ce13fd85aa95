import { sql, type Kysely } from 'kysely';

// The My Organization API (issue 13): a second system API, told apart from the Management API by
// `system_api`, and client grants for user-delegated access (Auth0's `subject_type: "user"`).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('resource_servers').addColumn('system_api', 'text').execute();
  await sql`update resource_servers set system_api = 'management' where is_system = 1`.execute(db);
  await db.schema
    .alterTable('client_grants')
    .addColumn('subject_type', 'text', (c) => c.notNull().defaultTo('client'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('client_grants').dropColumn('subject_type').execute();
  await db.schema.alterTable('resource_servers').dropColumn('system_api').execute();
}
