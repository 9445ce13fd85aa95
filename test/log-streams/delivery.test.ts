// Delivery to a loopback receiver, one dispatcher run at a time: every event once, in seq order, in
// the stream's format; webhook deliveries verified with the standardwebhooks library; filters.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';
import type { EventType } from '../../src/domain/events/event-types.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { httpEntries, type Receiver, STREAM_ENV, startReceiver, until, verifiedWebhook } from './receiver.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`log stream delivery [${dialect}]`, () => {
    let server: TestServer;
    let receiver: Receiver;
    before(async () => {
      server = await startServer(dialect, { env: { ...STREAM_ENV, GATEHOUSE_LOG_STREAM_BATCH: '4' } });
    });
    after(async () => {
      await server.close();
    });

    const db = () => server.database.db.kysely;
    const run = () => server.app.services.logStreams.dispatcher.run();

    /** Records `count` events of `type`, each with its own description, through the events service. */
    async function record(count: number, type: EventType = 's', label = 'event'): Promise<void> {
      for (let i = 0; i < count; i += 1) {
        await server.app.services.events.record(db(), SYSTEM_ACTOR, { type, userId: `auth0|${label}-${i}`, description: `${label} ${i}` });
      }
    }

    /** The log_ids of every event after `cursor` (a log_id), of the given types (all when omitted), in seq order. */
    async function logIdsAfter(cursor: string, types?: string[]): Promise<string[]> {
      let query = db().selectFrom('events').select('seq').where('seq', '>', Number(cursor));
      if (types) query = query.where('type', 'in', types);
      const rows = await query.orderBy('seq').execute();
      return rows.map((r) => String(r.seq).padStart(20, '0'));
    }

    /** Creates a stream to a fresh receiver, runs `use`, then deletes the stream and closes the receiver. */
    async function withStream(
      body: Record<string, unknown>,
      use: (stream: { id: string; cursor: string; secret?: string }) => Promise<void>,
      answer?: Receiver['answer'],
    ): Promise<void> {
      receiver = await startReceiver(answer);
      const sink = { httpEndpoint: receiver.url, ...(body.sink as object) };
      const created = await server.api('POST', '/log-streams', { ...body, sink });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      try {
        await use({ id: created.body.id, cursor: created.body.delivery.cursor, secret: created.body.sink.webhookSecret });
      } finally {
        await server.api('DELETE', `/log-streams/${created.body.id}`);
        await receiver.close();
      }
    }

    it('delivers JSONLINES batches of { log_id, data } entries, in seq order, with the sink headers', async () => {
      await withStream(
        {
          type: 'http',
          sink: {
            httpAuthorization: 'Bearer receiver-token',
            httpContentType: 'application/x-ndjson',
            httpCustomHeaders: [{ header: 'X-Tenant', value: 'acme' }],
          },
        },
        async ({ id, cursor }) => {
          await record(6, 's', 'lines');
          const report = await run();
          assert.equal(report.failures, 0);
          const expected = await logIdsAfter(cursor);
          assert.ok(expected.length >= 7, 'the creation event and the six logins');
          const entries = httpEntries(receiver.requests);
          assert.deepEqual(
            entries.map((e) => e.log_id),
            expected,
          );
          // Batches of 4 (GATEHOUSE_LOG_STREAM_BATCH), each one request of newline-delimited objects.
          assert.equal(receiver.requests.length, Math.ceil(expected.length / 4));
          assert.equal(receiver.requests[0].body.split('\n').length, 4);
          for (const request of receiver.requests) {
            assert.equal(request.headers.authorization, 'Bearer receiver-token');
            assert.equal(request.headers['content-type'], 'application/x-ndjson');
            assert.equal(request.headers['x-tenant'], 'acme');
          }
          const login = entries.find((e) => e.data.description === 'lines 0')!;
          assert.equal(login.data.log_id, login.log_id);
          assert.equal(login.data.type, 's');
          assert.equal(login.data.user_id, 'auth0|lines-0');
          assert.deepEqual(login.data.details, { actor: { type: 'system', id: 'gatehouse' } });
          assert.match(login.data.date, /^\d{4}-\d\d-\d\dT/);
          const stream = await server.api('GET', `/log-streams/${id}`);
          assert.equal(stream.body.delivery.cursor, expected[expected.length - 1]);
          assert.equal(stream.body.delivery.lag, 0);
          assert.equal(stream.body.delivery.failures, 0);
          assert.ok(stream.body.delivery.last_success_at);
          // Nothing new: the next run sends nothing.
          const idle = await run();
          assert.equal(idle.requests, 0);
          assert.equal(receiver.requests.length, Math.ceil(expected.length / 4));
        },
      );
    });

    it('delivers a JSONARRAY batch as one array and JSONOBJECT as one request per event', async () => {
      await withStream({ type: 'http', sink: { httpContentFormat: 'JSONARRAY' } }, async ({ cursor }) => {
        await record(2, 's', 'array');
        await run();
        const expected = await logIdsAfter(cursor);
        assert.equal(receiver.requests.length, 1);
        const body = JSON.parse(receiver.requests[0].body) as { log_id: string }[];
        assert.ok(Array.isArray(body));
        assert.deepEqual(
          body.map((e) => e.log_id),
          expected,
        );
        assert.equal(receiver.requests[0].headers['content-type'], 'application/json');
      });
      await withStream({ type: 'http', sink: { httpContentFormat: 'JSONOBJECT' } }, async ({ cursor }) => {
        await record(3, 's', 'object');
        await run();
        const expected = await logIdsAfter(cursor);
        assert.equal(receiver.requests.length, expected.length);
        assert.deepEqual(
          receiver.requests.map((r) => (JSON.parse(r.body) as { log_id: string }).log_id),
          expected,
        );
      });
    });

    it('signs each webhook delivery per Standard Webhooks; webhook-id is the log_id', async () => {
      await withStream(
        { type: 'webhook', sink: { httpCustomHeaders: [{ header: 'X-Source', value: 'gatehouse' }] } },
        async ({ id, cursor, secret }) => {
          await record(3, 'f', 'signed');
          await run();
          const expected = await logIdsAfter(cursor);
          assert.equal(receiver.requests.length, expected.length, 'one message per event');
          const payloads = receiver.requests.map((r) => verifiedWebhook(secret!, r));
          assert.deepEqual(
            payloads.map((p) => p.data.log_id),
            expected,
          );
          assert.deepEqual(
            receiver.requests.map((r) => r.headers['webhook-id']),
            expected,
          );
          const failed = payloads.find((p) => p.data.description === 'signed 1')!;
          assert.equal(failed.type, 'f');
          assert.equal(failed.timestamp, failed.data.date);
          assert.equal(payloads[0].type, 'log_stream_created');
          assert.equal(payloads[0].data.type, 'sapi');
          assert.equal(receiver.requests[0].headers['x-source'], 'gatehouse');
          assert.equal(receiver.requests[0].headers['content-type'], 'application/json');

          // A rotated secret signs from then on; the old one no longer verifies.
          const rotated = await server.api('POST', `/log-streams/${id}/rotate-secret`);
          const before = receiver.requests.length;
          await run();
          const next = receiver.requests.slice(before);
          assert.ok(next.length >= 1, 'the rotation event is delivered');
          assert.throws(() => verifiedWebhook(secret!, next[0]), { name: 'WebhookVerificationError' });
          assert.equal(verifiedWebhook(rotated.body.sink.webhookSecret, next[0]).type, 'log_stream_updated');
        },
      );
    });

    it('delivers only the filtered categories, and the cursor moves past the rest', async () => {
      await withStream({ type: 'http', filters: [{ type: 'category', name: 'auth.login.fail' }] }, async ({ id, cursor }) => {
        await record(2, 's', 'success');
        await record(2, 'fp', 'wrong-password');
        await record(1, 'seccft', 'token');
        await record(1, 'f', 'failed');
        await run();
        assert.deepEqual(
          httpEntries(receiver.requests).map((e) => e.log_id),
          await logIdsAfter(cursor, ['f', 'fp', 'fu']),
        );
        assert.deepEqual(
          httpEntries(receiver.requests).map((e) => e.data.description),
          ['wrong-password 0', 'wrong-password 1', 'failed 0'],
        );
        await record(3, 's', 'unmatched');
        const before = receiver.requests.length;
        await run();
        assert.equal(receiver.requests.length, before);
        const stream = await server.api('GET', `/log-streams/${id}`);
        const all = await logIdsAfter(cursor);
        assert.equal(stream.body.delivery.cursor, all[all.length - 1]);
        assert.equal(stream.body.delivery.lag, 0);
      });
    });

    it('starts after the events recorded before the stream was created', async () => {
      await record(2, 's', 'earlier');
      await withStream({ type: 'http' }, async () => {
        await record(1, 's', 'later');
        await run();
        const descriptions = httpEntries(receiver.requests).map((e) => e.data.description);
        assert.ok(!descriptions.some((d) => String(d).startsWith('earlier')));
        assert.ok(descriptions.includes('later 0'));
      });
    });

    it('does not deliver a paused stream, and delivers what it missed on resume', async () => {
      await withStream({ type: 'http' }, async ({ id, cursor }) => {
        await server.api('PATCH', `/log-streams/${id}`, { status: 'paused' });
        await record(2, 's', 'while-paused');
        await run();
        assert.equal(receiver.requests.length, 0);
        await server.api('PATCH', `/log-streams/${id}`, { status: 'active' });
        await run();
        assert.deepEqual(
          httpEntries(receiver.requests).map((e) => e.log_id),
          await logIdsAfter(cursor),
        );
      });
    });
  });

  describe(`log stream dispatcher running [${dialect}]`, () => {
    let server: TestServer;
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver();
      server = await startServer(dialect, { env: STREAM_ENV, dispatcher: true });
    });
    after(async () => {
      await server.close();
      await receiver.close();
    });

    it('delivers changes made through the Management API without being asked', async () => {
      const created = await server.api('POST', '/log-streams', { type: 'webhook', sink: { httpEndpoint: receiver.url } });
      const org = await server.api('POST', '/organizations', { name: 'streamed-org' });
      assert.equal(org.status, 201);
      const requests = await until(
        () => receiver.requests.map((r) => verifiedWebhook(created.body.sink.webhookSecret, r)),
        (payloads) => payloads.some((p) => p.type === 'organization_created'),
        15_000,
        'the organization_created webhook',
      );
      const delivered = requests.find((p) => p.type === 'organization_created')!;
      assert.equal(delivered.data.organization_id, org.body.id);
      assert.equal(delivered.data.details.action, 'organization_created');
    });
  });
}
