import { type Kysely, sql } from 'kysely';

// Every change and sign-in outcome leaves an event, written in the transaction of the change
// (a transactional outbox). `seq` is given after commit by the sequencer (domain/events/sequencer.ts),
// so that its order is the order in which events became visible: a reader that resumes after a seq
// never misses an event committed later with a smaller insertion id.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.unique())
    .addColumn('type', 'text', (c) => c.notNull())
    // The change's own code: equal to type, but for changes through an API, whose type is `sapi`.
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('client_id', 'text')
    .addColumn('client_name', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('user_id', 'text')
    .addColumn('user_name', 'text')
    .addColumn('connection', 'text')
    .addColumn('connection_id', 'text')
    .addColumn('strategy', 'text')
    .addColumn('strategy_type', 'text')
    .addColumn('organization_id', 'text')
    .addColumn('organization_name', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_unsequenced').ifNotExists().on('events').column('id').where(sql.ref('seq'), 'is', null).execute();
  await db.schema.createIndex('events_date').ifNotExists().on('events').column('date').execute();
  await db.schema.createIndex('events_user').ifNotExists().on('events').columns(['user_id', 'seq']).execute();
  await db.schema.createIndex('events_organization').ifNotExists().on('events').columns(['organization_id', 'seq']).execute();
  await db.schema.createIndex('events_type').ifNotExists().on('events').columns(['type', 'seq']).execute();
  await db.schema.createIndex('events_action_date').ifNotExists().on('events').columns(['action', 'date']).execute();

  // One row: the last seq given. Sequencers lock it, so two processes never give the same number.
  await db.schema
    .createTable('event_sequence')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('event_sequence').values({ id: 1, last_seq: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_sequence').ifExists().execute();
  await db.schema.dropTable('events').ifExists().execute();
}
