import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migrateToLatest } from '../../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';
import { createEventsService } from '../../src/domain/events/events.service.js';
import { sweepExpiredEvents } from '../../src/domain/events/retention.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/dialects.js';

// The retention sweep with a frozen clock: 30 days before 2026-03-01T00:00Z is 2026-01-30T00:00Z.
const NOW: Clock = { now: () => new Date('2026-03-01T00:00:00.000Z') };
const DATES = [
  '2026-01-01T00:00:00.000Z',
  '2026-01-15T12:00:00.000Z',
  '2026-01-29T23:59:59.999Z',
  '2026-01-30T00:00:00.000Z',
  '2026-02-20T08:00:00.000Z',
];

for (const dialect of DIALECTS) {
  describe(`log retention sweep [${dialect}]`, () => {
    let database: TestDatabase;
    const db = () => database.db.kysely;
    before(async () => {
      database = await freshDatabase(dialect);
      await migrateToLatest(db());
    });
    after(async () => {
      await database?.drop();
    });

    it('deletes, in batches, exactly the events older than the retention, numbered or not', async () => {
      for (const [i, date] of DATES.entries()) {
        const events = createEventsService({ db: db(), clock: { now: () => new Date(date) } });
        await events.record(db(), SYSTEM_ACTOR, { type: 'organization_updated' });
        // The first two are numbered, the others still wait for the sequencer.
        if (i === 1) await events.sequence();
      }
      assert.equal(await sweepExpiredEvents(db(), NOW, 30, 2), 3);
      const left = await db().selectFrom('events').select('date').orderBy('date').execute();
      assert.deepEqual(
        left.map((r) => r.date),
        ['2026-01-30T00:00:00.000Z', '2026-02-20T08:00:00.000Z'],
      );
      assert.equal(await sweepExpiredEvents(db(), NOW, 30, 2), 0);
    });

    it('follows the retention given', async () => {
      assert.equal(await sweepExpiredEvents(db(), NOW, 10, 1000), 1);
      const left = await db().selectFrom('events').select('date').execute();
      assert.deepEqual(
        left.map((r) => r.date),
        ['2026-02-20T08:00:00.000Z'],
      );
    });
  });
}
