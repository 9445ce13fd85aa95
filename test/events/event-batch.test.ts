import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { migrateToLatest } from '../../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';
import { createEventBatch } from '../../src/domain/events/event-batch.js';
import { createEventsService } from '../../src/domain/events/events.service.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/dialects.js';

// Token exchanges record their events through the batch (src/domain/sign-in/protocol-events.ts).
for (const dialect of DIALECTS) {
  describe(`event batch: the events of one turn of the event loop [${dialect}]`, () => {
    let database: TestDatabase;
    const db = () => database.db.kysely;
    before(async () => {
      database = await freshDatabase(dialect);
      await migrateToLatest(db());
    });
    after(async () => {
      await database?.drop();
    });

    /** The batch over a handle that counts the statements it runs. */
    function countingBatch() {
      const counted = { statements: 0 };
      const counter: KyselyPlugin = {
        transformQuery(args) {
          counted.statements += 1;
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const counting = db().withPlugin(counter);
      const events = createEventsService({ db: counting, clock: { now: () => new Date() } });
      return { batch: createEventBatch(counting, events), counted };
    }

    it('writes them in one statement, in the order recorded, each caller waiting for the commit', async () => {
      await db().deleteFrom('events').execute();
      const { batch, counted } = countingBatch();
      const markers = ['a', 'b', 'c', 'd', 'e'];
      await Promise.all(
        markers.map((marker) => batch.record(SYSTEM_ACTOR, { type: 'seccft', clientId: 'cli_batch', details: { marker } })),
      );
      assert.equal(counted.statements, 1);
      const rows = await db().selectFrom('events').select(['type', 'client_id', 'details']).orderBy('id').execute();
      assert.deepEqual(
        rows.map((row) => [row.type, row.client_id, JSON.parse(row.details).marker]),
        markers.map((marker) => ['seccft', 'cli_batch', marker]),
      );
    });

    it('fails every caller of a batch that cannot be written, and writes none of it', async () => {
      await db().deleteFrom('events').execute();
      const { batch } = countingBatch();
      const results = await Promise.allSettled([
        batch.record(SYSTEM_ACTOR, { type: 'seccft', details: { marker: 'fine' } }),
        // Not JSON: the row cannot be made.
        batch.record(SYSTEM_ACTOR, { type: 'seccft', details: { marker: 10n } }),
      ]);
      assert.deepEqual(
        results.map((result) => result.status),
        ['rejected', 'rejected'],
      );
      assert.equal((await db().selectFrom('events').select('id').execute()).length, 0);
      // The next turn's batch is not affected.
      await batch.record(SYSTEM_ACTOR, { type: 'seccft', details: { marker: 'after' } });
      assert.equal((await db().selectFrom('events').select('id').execute()).length, 1);
    });
  });
}
