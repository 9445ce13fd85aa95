// Real `gatehouse start` processes on one PostgreSQL database, each running its dispatcher: with two
// of them every webhook is delivered exactly once, in order (row leases, FOR UPDATE SKIP LOCKED);
// with one killed by SIGKILL in the middle of a delivery, another delivers everything from the
// committed cursor (only what the killed process had sent may come twice).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { freePort, startGatehouse, stopGatehouse, type RunningGatehouse, managementToken } from '../helpers/cli-process.js';
import { freshDatabase, type TestDatabase } from '../helpers/dialects.js';
import { httpEntries, type Receiver, STREAM_ENV, startReceiver, until, verifiedWebhook } from './receiver.fixtures.js';

const CLIENT_ID = 'streams-bootstrap-client';
const CLIENT_SECRET = randomBytes(24).toString('hex');

const skip = process.env.TEST_PG_URL ? false : 'PostgreSQL suites are off (TEST_PG_URL unset)';

/** Starts `gatehouse start` on the database with the shared issuer and bootstrap credentials. */
function gatehouse(database: TestDatabase, issuer: string, port: number, env: Record<string, string> = {}): Promise<RunningGatehouse> {
  return startGatehouse(
    {
      ...STREAM_ENV,
      DATABASE_URL: database.location.databaseUrl!,
      GATEHOUSE_DATA_DIR: `${database.location.dataDir}/${port}`,
      GATEHOUSE_ISSUER: issuer,
      GATEHOUSE_BOOTSTRAP_CLIENT_ID: CLIENT_ID,
      GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: CLIENT_SECRET,
      GATEHOUSE_MGMT_RATE_LIMIT: '100000',
      ...env,
    },
    port,
  );
}

const bootstrapToken = (url: string, issuer: string) => managementToken(url, { id: CLIENT_ID, secret: CLIENT_SECRET }, issuer);

async function call(url: string, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}/api/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The log_ids of every event after `cursor`, in seq order, once the sequencer has numbered them all. */
async function expectedLogIds(database: TestDatabase, cursor: string): Promise<string[]> {
  const db = database.db.kysely;
  await until(
    async () => (await db.selectFrom('events').select('id').where('seq', 'is', null).execute()).length,
    (pending) => pending === 0,
    15_000,
    'every event sequenced',
  );
  const rows = await db.selectFrom('events').select('seq').where('seq', '>', Number(cursor)).orderBy('seq').execute();
  return rows.map((r) => String(r.seq).padStart(20, '0'));
}

describe('log stream delivery by several Gatehouse processes [postgres]', { skip }, () => {
  let database: TestDatabase;
  const running: RunningGatehouse[] = [];
  before(async () => {
    database = await freshDatabase('postgres');
  });
  after(async () => {
    for (const process of running) await stopGatehouse(process);
    await database?.drop();
  });

  it('delivers each webhook exactly once and in order with two processes', async () => {
    const receiver: Receiver = await startReceiver();
    try {
      const [portA, portB] = [await freePort(), await freePort()];
      const issuer = `http://localhost:${portA}`;
      // Small batches, so that the stream changes hands between the processes many times.
      const env = { GATEHOUSE_LOG_STREAM_BATCH: '2' };
      const a = await gatehouse(database, issuer, portA, env);
      running.push(a);
      const b = await gatehouse(database, issuer, portB, env);
      running.push(b);
      const token = await bootstrapToken(a.url, issuer);
      const stream = await call(a.url, token, 'POST', '/log-streams', { type: 'webhook', sink: { httpEndpoint: receiver.url } });

      // Who holds the stream, sampled while the burst is delivered.
      const owners = new Set<string>();
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const row = await database.db.kysely
            .selectFrom('log_streams')
            .select('lease_owner')
            .where('id', '=', stream.id)
            .executeTakeFirst();
          if (row?.lease_owner) owners.add(row.lease_owner.split(':')[1]);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();

      // A burst of changes through both processes at once.
      const names = Array.from({ length: 60 }, (_, i) => `burst-${i}`);
      await Promise.all(names.map((name, i) => call(i % 2 ? b.url : a.url, token, 'POST', '/organizations', { name })));
      const expected = await expectedLogIds(database, stream.delivery.cursor);
      await until(
        () => receiver.requests.length,
        (n) => n >= expected.length,
        30_000,
        'every webhook',
      );
      // Let any stray second delivery arrive before counting.
      await until(
        async () => (await call(a.url, token, 'GET', `/log-streams/${stream.id}`)).delivery.lag,
        (lag) => lag === 0,
        15_000,
        'the cursor at the end',
      );
      sampling = false;
      await sampler;

      const ids = receiver.requests.map((r) => verifiedWebhook(stream.sink.webhookSecret, r).data.log_id as string);
      assert.equal(new Set(ids).size, ids.length, 'no webhook-id delivered twice');
      assert.deepEqual(ids, expected, 'every event, in seq order');
      assert.deepEqual(
        receiver.requests.map((r) => r.headers['webhook-id']),
        expected,
      );
      assert.deepEqual([...owners].sort(), [String(a.child.pid), String(b.child.pid)].sort(), 'both processes delivered');
    } finally {
      await receiver.close();
      for (const process of running.splice(0)) await stopGatehouse(process);
    }
  });

  it('loses no event when the delivering process is killed with SIGKILL mid-request', async () => {
    // The second request is held unanswered: the process is killed while it waits for it.
    let held: (() => void) | undefined;
    const receiver = await startReceiver((n) =>
      n === 1
        ? new Promise<number>((resolve) => {
            held = () => resolve(200);
          })
        : 200,
    );
    try {
      const [portA, portB] = [await freePort(), await freePort()];
      const issuer = `http://localhost:${portA}`;
      // A lease short enough for the survivor to take over soon after it lapses, and a request timeout
      // the held request cannot reach before the kill even on a loaded machine: were it to time out,
      // the retry would legitimately deliver a batch twice more and blur what the kill did.
      const env = { GATEHOUSE_LOG_STREAM_BATCH: '5', GATEHOUSE_LOG_STREAM_LEASE_MS: '20000', GATEHOUSE_LOG_STREAM_TIMEOUT_MS: '10000' };
      const a = await gatehouse(database, issuer, portA, env);
      running.push(a);
      const token = await bootstrapToken(a.url, issuer);
      const stream = await call(a.url, token, 'POST', '/log-streams', {
        type: 'http',
        sink: { httpEndpoint: receiver.url, httpContentFormat: 'JSONARRAY' },
      });
      for (let i = 0; i < 12; i += 1) await call(a.url, token, 'POST', '/organizations', { name: `killed-${i}` });
      const expected = await expectedLogIds(database, stream.delivery.cursor);

      await until(
        () => receiver.requests.length,
        (n) => n >= 2,
        15_000,
        'the second request to be in flight',
      );
      a.child.kill('SIGKILL');
      await new Promise((resolve) => a.child.once('exit', resolve));
      running.splice(running.indexOf(a), 1);
      held?.();
      // What the killed process sent before it died: at least once means the survivor may send
      // some of it again (from the cursor it finds committed), never anything twice of its own.
      const sentBeforeKill = receiver.requests.length;
      const sentByKilled = new Set(httpEntries(receiver.requests.slice(0, sentBeforeKill)).map((e) => e.log_id));

      const b = await gatehouse(database, issuer, portB, env);
      running.push(b);
      await until(
        () => new Set(httpEntries(receiver.requests).map((e) => e.log_id)).size,
        (n) => n >= expected.length,
        60_000,
        'every event after the kill',
      );

      const delivered = httpEntries(receiver.requests).map((e) => e.log_id);
      assert.deepEqual([...new Set(delivered)].sort(), expected, 'none missing');
      const twice = delivered.filter((id, i) => delivered.indexOf(id) !== i);
      assert.ok(
        twice.every((id) => sentByKilled.has(id)),
        `only what the killed process had sent came again: ${twice.join(', ')}`,
      );
      const bySurvivor = httpEntries(receiver.requests.slice(sentBeforeKill)).map((e) => e.log_id);
      assert.equal(new Set(bySurvivor).size, bySurvivor.length, 'the survivor sent nothing twice');
      // In order, once the repeated batch is set aside.
      const firsts = delivered.filter((id, i) => delivered.indexOf(id) === i);
      assert.deepEqual(firsts, expected);
    } finally {
      held?.();
      await receiver.close();
      for (const process of running.splice(0)) await stopGatehouse(process);
    }
  });
});
