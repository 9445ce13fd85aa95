// Failed deliveries: retried with exponential backoff (time is moved, not waited for), in order and
// without loss; suspended after GATEHOUSE_LOG_STREAM_MAX_FAILURES consecutive failures, visible in
// the API with its last error and an event; resumed from the cursor.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { lookup } from 'node:dns/promises';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import { isNonPublicAddress } from '../../src/domain/log-streams/endpoint-guard.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { httpEntries, type Receiver, STREAM_ENV, startReceiver } from './receiver.fixtures.js';

/** A clock that stands still until the test moves it. */
function frozenClock(): Clock & { skip(ms: number): void } {
  let now = Date.now();
  return {
    now: () => new Date(now),
    skip(ms) {
      now += ms;
    },
  };
}

// STREAM_ENV: retries after 20 ms doubling to 80 ms at most, suspended after 3 failures.
const MAX_RETRY_MS = 80;
// Long enough that no answer from a healthy loopback receiver times out on a loaded machine: only the
// silent receiver below reaches it.
const TIMEOUT_MS = 3000;

for (const dialect of DIALECTS) {
  describe(`log stream retries [${dialect}]`, () => {
    let server: TestServer;
    const clock = frozenClock();
    before(async () => {
      server = await startServer(dialect, { env: { ...STREAM_ENV, GATEHOUSE_LOG_STREAM_TIMEOUT_MS: String(TIMEOUT_MS) }, clock });
    });
    after(async () => {
      await server.close();
    });

    const db = () => server.database.db.kysely;
    const run = () => server.app.services.logStreams.dispatcher.run();
    const record = async (n: number, label: string) => {
      for (let i = 0; i < n; i += 1)
        await server.app.services.events.record(db(), SYSTEM_ACTOR, { type: 's', description: `${label} ${i}` });
    };
    const logIdsAfter = async (cursor: string) =>
      (await db().selectFrom('events').select('seq').where('seq', '>', Number(cursor)).orderBy('seq').execute()).map((r) =>
        String(r.seq).padStart(20, '0'),
      );

    async function stream(receiver: Receiver, format = 'JSONOBJECT') {
      const created = await server.api('POST', '/log-streams', {
        type: 'http',
        sink: { httpEndpoint: receiver.url, httpContentFormat: format },
      });
      assert.equal(created.status, 200);
      return created.body as { id: string; delivery: { cursor: string } };
    }

    it('retries after 500s with a growing wait and delivers everything once, in order', async () => {
      // The first two requests fail; every later one succeeds.
      const receiver = await startReceiver((n) => (n < 2 ? 500 : 200));
      try {
        const { id, delivery } = await stream(receiver);
        await record(3, 'retried');

        const first = await run();
        assert.equal(first.failures, 1);
        let state = (await server.api('GET', `/log-streams/${id}`)).body;
        assert.equal(state.status, 'active');
        assert.equal(state.delivery.failures, 1);
        assert.equal(state.delivery.last_error, 'HTTP 500 Internal Server Error');
        assert.equal(state.delivery.cursor, delivery.cursor, 'nothing committed');
        const wait1 = Date.parse(state.delivery.next_attempt_at) - Date.parse(state.delivery.last_attempt_at);
        assert.ok(wait1 >= 10 && wait1 <= 20, `first wait ${wait1} ms within [base/2, base]`);

        // Not due yet: a run now sends nothing.
        assert.equal((await run()).requests, 0);
        clock.skip(MAX_RETRY_MS);
        assert.equal((await run()).failures, 1);
        state = (await server.api('GET', `/log-streams/${id}`)).body;
        assert.equal(state.delivery.failures, 2);
        const wait2 = Date.parse(state.delivery.next_attempt_at) - Date.parse(state.delivery.last_attempt_at);
        assert.ok(wait2 >= 20 && wait2 <= 40, `second wait ${wait2} ms doubles`);

        clock.skip(MAX_RETRY_MS);
        const delivered = await run();
        assert.equal(delivered.failures, 0);
        const expected = await logIdsAfter(delivery.cursor);
        // Two failed attempts at the first event, then each event once.
        const ids = receiver.requests.map((r) => (JSON.parse(r.body) as { log_id: string }).log_id);
        assert.deepEqual(ids, [expected[0], expected[0], ...expected]);
        state = (await server.api('GET', `/log-streams/${id}`)).body;
        assert.equal(state.delivery.failures, 0);
        assert.equal(state.delivery.next_attempt_at, null);
        assert.equal(state.delivery.cursor, expected[expected.length - 1]);
        await server.api('DELETE', `/log-streams/${id}`);
      } finally {
        await receiver.close();
      }
    });

    it('keeps what was delivered before a failure in the middle of a batch, and counts failures since the last success', async () => {
      // JSONOBJECT: one request per event. The first request fails; then two succeed; the fourth fails once.
      const receiver = await startReceiver((n) => (n === 0 ? 500 : n === 3 ? 503 : 200));
      try {
        const { id, delivery } = await stream(receiver);
        await record(4, 'midway');
        await run();
        clock.skip(MAX_RETRY_MS);
        await run();
        const expected = await logIdsAfter(delivery.cursor);
        const state = (await server.api('GET', `/log-streams/${id}`)).body;
        assert.equal(state.delivery.cursor, expected[1], 'committed up to the last 2xx');
        assert.equal(state.delivery.failures, 1, 'the failure before the successes is not counted');
        assert.equal(state.delivery.last_error, 'HTTP 503 Service Unavailable');
        clock.skip(MAX_RETRY_MS);
        await run();
        const ids = receiver.requests.map((r) => (JSON.parse(r.body) as { log_id: string }).log_id);
        assert.deepEqual(ids, [expected[0], expected[0], expected[1], expected[2], ...expected.slice(2)]);
        await server.api('DELETE', `/log-streams/${id}`);
      } finally {
        await receiver.close();
      }
    });

    it('suspends after repeated failures, shows why, records it, and resumes from the cursor', async () => {
      let failing = true;
      const receiver = await startReceiver(() => (failing ? 500 : 200));
      try {
        const { id, delivery } = await stream(receiver, 'JSONARRAY');
        await record(2, 'suspended');
        for (let attempt = 1; attempt <= 3; attempt += 1) {
          assert.equal((await run()).failures, 1, `attempt ${attempt}`);
          clock.skip(MAX_RETRY_MS);
        }
        const suspended = (await server.api('GET', `/log-streams/${id}`)).body;
        assert.equal(suspended.status, 'suspended');
        assert.equal(suspended.delivery.failures, 3);
        assert.equal(suspended.delivery.last_error, 'HTTP 500 Internal Server Error');
        assert.equal(suspended.delivery.next_attempt_at, null);
        assert.equal(suspended.delivery.cursor, delivery.cursor);
        assert.ok(suspended.delivery.lag >= 3);
        const listed = (await server.api('GET', '/log-streams')).body.find((s: { id: string }) => s.id === id);
        assert.equal(listed.status, 'suspended');

        const event = await db()
          .selectFrom('events')
          .selectAll()
          .where('action', '=', 'log_stream_suspended')
          .where('details', 'like', `%${id}%`)
          .executeTakeFirstOrThrow();
        assert.equal(event.type, 'log_stream_suspended');
        assert.equal(event.actor_type, 'system');
        assert.deepEqual(JSON.parse(event.details).last_error, 'HTTP 500 Internal Server Error');

        // Suspended: no more attempts, however long one waits.
        clock.skip(60_000);
        const attempts = receiver.requests.length;
        assert.equal((await run()).requests, 0);
        assert.equal(receiver.requests.length, attempts);

        failing = false;
        const resumed = await server.api('PATCH', `/log-streams/${id}`, { status: 'active' });
        assert.equal(resumed.body.status, 'active');
        assert.equal(resumed.body.delivery.failures, 0);
        await run();
        const delivered = httpEntries(receiver.requests.slice(attempts)).map((e) => e.log_id);
        assert.deepEqual(delivered, await logIdsAfter(delivery.cursor));
        const { seq } = await db().selectFrom('events').select('seq').where('id', '=', event.id).executeTakeFirstOrThrow();
        assert.ok(delivered.includes(String(seq).padStart(20, '0')), 'its own suspension is delivered too');
        await server.api('DELETE', `/log-streams/${id}`);
      } finally {
        await receiver.close();
      }
    });

    it('counts a refused connection and a timeout as failures', async () => {
      const closed = await startReceiver();
      const url = closed.url;
      await closed.close();
      const refused = await server.api('POST', '/log-streams', { type: 'http', sink: { httpEndpoint: url } });
      await run();
      const state = (await server.api('GET', `/log-streams/${refused.body.id}`)).body;
      assert.equal(state.delivery.failures, 1);
      assert.equal(state.delivery.last_error, 'request failed: ECONNREFUSED');
      await server.api('DELETE', `/log-streams/${refused.body.id}`);

      // A receiver that never answers.
      const silent = await startReceiver(() => new Promise<number>(() => {}));
      try {
        const slow = await server.api('POST', '/log-streams', { type: 'http', sink: { httpEndpoint: silent.url } });
        await run();
        const timedOut = (await server.api('GET', `/log-streams/${slow.body.id}`)).body;
        assert.equal(timedOut.delivery.last_error, `no answer within ${TIMEOUT_MS} ms`);
        assert.equal(timedOut.delivery.failures, 1);
        await server.api('DELETE', `/log-streams/${slow.body.id}`);
      } finally {
        await silent.close();
      }
    });
  });

  describe(`log stream endpoints at delivery time [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      // Private endpoints not allowed (the production default).
      server = await startServer(dialect, { env: { ...STREAM_ENV, GATEHOUSE_LOG_STREAM_ALLOW_PRIVATE: 'false' } });
    });
    after(async () => {
      await server.close();
    });

    it('refuses to send to a host name that resolves to a non-public address', async (t) => {
      const host = os.hostname();
      const addresses = await lookup(host, { all: true }).catch(() => []);
      if (host === 'localhost' || addresses.length === 0 || !addresses.some((a) => isNonPublicAddress(a.address))) {
        t.skip(`this machine's host name (${host}) does not resolve to a non-public address`);
        return;
      }
      const receiver = await startReceiver();
      try {
        const port = new URL(receiver.url).port;
        const created = await server.api('POST', '/log-streams', { type: 'http', sink: { httpEndpoint: `http://${host}:${port}/logs` } });
        assert.equal(created.status, 200, 'a host name passes the check made without DNS');
        await server.app.services.events.record(server.database.db.kysely, SYSTEM_ACTOR, { type: 's' });
        await server.app.services.logStreams.dispatcher.run();
        assert.equal(receiver.requests.length, 0);
        const state = (await server.api('GET', `/log-streams/${created.body.id}`)).body;
        assert.match(state.delivery.last_error, /^the endpoint's host resolves to a non-public address \(/);
        assert.equal(state.delivery.failures, 1);
      } finally {
        await receiver.close();
      }
    });
  });
}
