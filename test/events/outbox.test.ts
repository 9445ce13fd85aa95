import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';

for (const dialect of DIALECTS) {
  describe(`events outbox [${dialect}]`, () => {
    let server: TestServer;
    const db = () => server.database.db.kysely;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it('records a change made through the Management API as sapi, with the actor and the action', async () => {
      const res = await server.api('POST', '/organizations', { name: 'outbox-acme', display_name: 'Acme' });
      assert.equal(res.status, 201);
      const row = await db().selectFrom('events').selectAll().where('organization_id', '=', res.body.id).executeTakeFirstOrThrow();
      assert.equal(row.type, 'sapi');
      assert.equal(row.action, 'organization_created');
      assert.equal(row.actor_type, 'client');
      assert.equal(row.actor_id, server.bootstrap.clientId);
      assert.equal(row.client_id, server.bootstrap.clientId);
      assert.equal(row.ip, '127.0.0.1');
      assert.equal(row.organization_name, 'outbox-acme');
      const details = JSON.parse(row.details);
      assert.equal(details.action, 'organization_created');
      assert.deepEqual(details.actor, { type: 'client', id: server.bootstrap.clientId, api: 'management' });
    });

    it('records no change for a change that rolled back, only the failed call', async () => {
      const changes = () =>
        db()
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('type', '!=', 'fapi')
          .executeTakeFirstOrThrow();
      const before = await changes();
      const res = await server.api('POST', '/organizations', { name: 'outbox-acme' });
      assert.equal(res.status, 409);
      assert.equal(Number((await changes()).n), Number(before.n));
    });

    it('drops secrets from details at any depth', async () => {
      const marker = 'never-in-an-event-0123456789';
      await server.app.services.events.record(db(), SYSTEM_ACTOR, {
        type: 'organization_updated',
        details: { password: marker, nested: { client_secret: marker, list: [{ refresh_token: marker, kept: 'yes' }] } },
      });
      const rows = await db().selectFrom('events').select('details').execute();
      assert.ok(rows.some((r) => r.details.includes('"kept":"yes"')));
      assert.ok(rows.every((r) => !r.details.includes(marker)));
    });

    it('numbers events contiguously, in commit order, once each', async () => {
      await server.app.services.events.sequence();
      const { services } = server.app;
      for (let i = 0; i < 5; i += 1) await services.events.record(db(), SYSTEM_ACTOR, { type: 'organization_updated' });
      const numbered = await Promise.all([services.events.sequence(), services.events.sequence(), services.events.sequence()]);
      assert.equal(
        numbered.reduce((a, b) => a + b, 0),
        5,
      );
      const seqs = (await db().selectFrom('events').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => i + 1),
      );
    });

    if (dialect === 'postgres') {
      it('gives a later seq to an event whose transaction commits after a sequencing run', async () => {
        const { services } = server.app;
        await services.events.sequence();
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let recorded!: () => void;
        const inside = new Promise<void>((resolve) => {
          recorded = resolve;
        });
        const slow = db()
          .transaction()
          .execute(async (trx) => {
            await services.events.record(trx, SYSTEM_ACTOR, { type: 'organization_updated', description: 'slow' });
            recorded();
            await held;
          });
        await inside;
        await services.events.record(db(), SYSTEM_ACTOR, { type: 'organization_updated', description: 'fast' });
        assert.equal(await services.events.sequence(), 1);
        release();
        await slow;
        assert.equal(await services.events.sequence(), 1);
        const rows = await db().selectFrom('events').select(['seq', 'description']).where('description', 'in', ['slow', 'fast']).execute();
        const seqOf = Object.fromEntries(rows.map((r) => [r.description, Number(r.seq)]));
        assert.ok(seqOf.slow > seqOf.fast, `slow ${seqOf.slow} after fast ${seqOf.fast}`);
      });
    }
  });
}
