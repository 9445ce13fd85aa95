import type { Kysely } from 'kysely';

// Log streams (Auth0's `/api/v2/log-streams`): where events are delivered, and how far each stream
// got. `cursor_seq` is the last event seq delivered (committed only after the receiver answered 2xx),
// so a crash never loses an event; `lease_owner`/`lease_until` say which process is delivering it now.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('log_streams')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('is_priority', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON: the categories delivered ([] = every event).
    .addColumn('filters', 'text', (c) => c.notNull())
    // JSON: endpoint, content type and format, custom headers. The secrets live in their own columns.
    .addColumn('sink', 'text', (c) => c.notNull())
    .addColumn('http_authorization', 'text')
    .addColumn('webhook_secret', 'text')
    .addColumn('cursor_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('log_streams').ifExists().execute();
}
