// PostgreSQL going away under write load: Gatehouse (the real CLI process) answers 503 on every
// surface while it is down, never crashes, recovers by itself when it is back, and loses no write
// it acknowledged. The test runs its own PostgreSQL cluster, since it stops it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startGatehouse, stopGatehouse, type RunningGatehouse, managementToken } from '../helpers/cli-process.js';
import { PrivateCluster } from '../helpers/postgres-cluster.js';

const UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable. Try again shortly.';

/** Polls `probe` until `done` holds for its result, or the deadline passes; returns the last result. */
async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Creates organizations continuously; remembers which were acknowledged and every other answer. */
function writeLoad(url: string, token: string, prefix: string) {
  const acknowledged: string[] = [];
  const refusals: { status: number; body: string }[] = [];
  const failures: string[] = [];
  let stopped = false;
  let n = 0;
  async function loop() {
    while (!stopped) {
      const name = `${prefix}-${(n += 1)}`;
      try {
        const res = await fetch(`${url}/api/v2/organizations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name }),
        });
        const body = await res.text();
        if (res.status === 201) acknowledged.push(name);
        else refusals.push({ status: res.status, body });
        // Paces the loop while the database is down (503s come back at once); no timing is asserted.
        if (res.status !== 201) await new Promise((resolve) => setTimeout(resolve, 20));
      } catch (error) {
        // Gatehouse itself did not answer: exactly what must never happen.
        failures.push(String((error as { cause?: unknown }).cause ?? error));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }
  const loops = Array.from({ length: 4 }, loop);
  return {
    acknowledged,
    refusals,
    failures,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

const bootstrapToken = (url: string) => managementToken(url, { id: CLIENT_ID, secret: CLIENT_SECRET });

/** Starts a login (before the outage) and returns its page's path and the cookies that go with it. */
async function startLogin(url: string, token: string): Promise<{ path: string; cookie: string; authorize: string }> {
  const created = await fetch(`${url}/api/v2/clients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'outage app', app_type: 'regular_web', callbacks: ['http://127.0.0.1:9/callback'] }),
  });
  const client = (await created.json()) as { client_id: string };
  assert.equal(created.status, 201, JSON.stringify(client));
  const query = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: 'http://127.0.0.1:9/callback',
    response_type: 'code',
    scope: 'openid',
    state: 'outage-state',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  const res = await fetch(`${url}/authorize?${query}`, { redirect: 'manual' });
  const location = res.headers.get('location') ?? '';
  assert.match(location, /\/login\/[A-Za-z0-9_-]+$/, `authorize answered ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { path: new URL(location, url).pathname, cookie, authorize: `${url}/authorize?${query}` };
}

const CLIENT_ID = 'outage-bootstrap-client';
const CLIENT_SECRET = randomBytes(24).toString('hex');

// PostgreSQL suites run when TEST_PG_URL is set; under CI this one never skips (it needs only the binaries).
const skip = !process.env.TEST_PG_URL && process.env.CI !== 'true' ? 'PostgreSQL suites are off (TEST_PG_URL unset)' : false;

describe('PostgreSQL outage under write load', { skip }, () => {
  let cluster: PrivateCluster;
  const dataDirs: string[] = [];
  before(async () => {
    cluster = new PrivateCluster();
    await cluster.init();
  });
  after(async () => {
    await cluster?.destroy();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const workers of [1, 2]) {
    it(`answers 503 while PostgreSQL is down, survives, and recovers with every acknowledged write (GATEHOUSE_WORKERS=${workers})`, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-outage-data-'));
      dataDirs.push(dataDir);
      const gatehouse: RunningGatehouse = await startGatehouse({
        DATABASE_URL: cluster.url,
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_WORKERS: String(workers),
        GATEHOUSE_BOOTSTRAP_CLIENT_ID: CLIENT_ID,
        GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: CLIENT_SECRET,
      });
      const { url } = gatehouse;
      const pid = gatehouse.child.pid!;
      try {
        const token = await bootstrapToken(url);
        const login = await startLogin(url, token);
        const load = writeLoad(url, token, `w${workers}-${randomBytes(3).toString('hex')}`);
        try {
          await eventually(
            async () => load.acknowledged.length,
            (count) => count >= 10,
            10_000,
          );
          assert.ok(load.acknowledged.length >= 10, 'the write load never got going');

          assert.equal(
            (await fetch(`${url}/saml/con_outage0000000000/metadata`)).status,
            404,
            'an unknown connection, while the database answers',
          );
          await cluster.stop();

          const health = await fetch(`${url}/health`);
          assert.equal(health.status, 503);
          assert.deepEqual(await health.json(), { status: 'unavailable' });

          const api = await fetch(`${url}/api/v2/organizations`, { headers: { authorization: `Bearer ${token}` } });
          assert.equal(api.status, 503);
          assert.equal(api.headers.get('retry-after'), '5');
          assert.deepEqual(await api.json(), {
            statusCode: 503,
            error: 'Service Unavailable',
            message: UNAVAILABLE_MESSAGE,
            errorCode: 'database_unavailable',
          });

          // Routes outside the Management API and the login (here the console's configuration) too.
          const consoleConfig = await fetch(`${url}/console/config.json`);
          assert.equal(consoleConfig.status, 503);
          assert.equal(((await consoleConfig.json()) as { errorCode: string }).errorCode, 'database_unavailable');

          // SAML metadata: an outage is not "no such connection".
          const metadata = await fetch(`${url}/saml/con_outage0000000000/metadata`);
          assert.equal(metadata.status, 503);

          const page = await fetch(`${url}${login.path}`, { headers: { cookie: login.cookie } });
          assert.equal(page.status, 503);
          assert.match(await page.text(), /<h1>Try again shortly<\/h1>/);

          // An authorization request: 503 temporarily_unavailable, or that error on the application's
          // redirect if the application was still in the cache.
          const authorize = await fetch(login.authorize, { redirect: 'manual' });
          if (authorize.status === 503) {
            assert.equal(((await authorize.json()) as { error: string }).error, 'temporarily_unavailable');
          } else {
            assert.equal(authorize.status, 303);
            assert.equal(new URL(authorize.headers.get('location')!).searchParams.get('error'), 'temporarily_unavailable');
          }

          // The application cache may answer for a second more; then the token endpoint needs the database.
          const tokenRequest = () =>
            fetch(`${url}/oauth/token`, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({
                grant_type: 'client_credentials',
                client_id: CLIENT_ID,
                client_secret: CLIENT_SECRET,
                audience: `${url}/api/v2/`,
              }),
            }).then(async (res) => ({
              status: res.status,
              retryAfter: res.headers.get('retry-after'),
              body: (await res.json()) as { error?: string },
            }));
          const refusedToken = await eventually(tokenRequest, (res) => res.status !== 200, 5000);
          assert.equal(refusedToken.status, 503);
          assert.equal(refusedToken.body.error, 'temporarily_unavailable');
          assert.equal(refusedToken.retryAfter, '5');

          const acknowledgedBeforeRestart = load.acknowledged.length;
          await cluster.start();

          // Recovery by itself: no restart of Gatehouse, within a few seconds.
          const healthy = await eventually(
            () => fetch(`${url}/health`).then((res) => res.status),
            (status) => status === 200,
            10_000,
          );
          assert.equal(healthy, 200, 'not healthy again within 10 s of PostgreSQL starting');
          const writing = await eventually(
            async () => load.acknowledged.length,
            (count) => count > acknowledgedBeforeRestart,
            10_000,
          );
          assert.ok(writing > acknowledgedBeforeRestart, 'writes did not resume within 10 s');
        } finally {
          await load.stop();
        }

        assert.deepEqual(load.failures, [], 'Gatehouse stopped answering');
        for (const refusal of load.refusals) {
          assert.equal(refusal.status, 503, refusal.body);
          assert.equal((JSON.parse(refusal.body) as { errorCode: string }).errorCode, 'database_unavailable');
        }
        assert.ok(load.refusals.length > 0, 'no write was refused during the outage');

        // The same process (and, with workers, the same workers) is still serving.
        assert.equal(gatehouse.child.exitCode, null, `gatehouse exited:\n${gatehouse.output()}`);
        assert.doesNotThrow(() => process.kill(pid, 0));
        assert.doesNotMatch(gatehouse.output(), /worker \d+ exited|Unhandled|uncaught/i);

        const db = new pg.Client({ connectionString: cluster.url });
        await db.connect();
        try {
          const { rows } = await db.query<{ name: string }>('SELECT name FROM organizations WHERE name = ANY($1)', [load.acknowledged]);
          const found = new Set(rows.map((r) => r.name));
          assert.deepEqual(
            load.acknowledged.filter((name) => !found.has(name)),
            [],
            'acknowledged organizations are missing',
          );
        } finally {
          await db.end();
        }
        assert.equal(await stopGatehouse(gatehouse), 0, 'a graceful stop');
      } finally {
        await stopGatehouse(gatehouse);
        // A failed run may leave the cluster stopped; the next one needs it.
        if (!cluster.running) await cluster.start();
      }
    });
  }
});
