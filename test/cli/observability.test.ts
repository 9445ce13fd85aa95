// `gatehouse start` as operators run it: with two workers and GATEHOUSE_METRICS_PORT, the primary
// serves the workers' summed metrics; the start-up warnings are printed once, by the primary.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startGatehouse, stopGatehouse, type RunningGatehouse, managementToken } from '../helpers/cli-process.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/dialects.js';
import { scrape } from '../helpers/scrape.js';
import type { TestServer } from '../helpers/start-server.js';
import {
  authorize,
  CALLBACK,
  createAgent,
  exchange,
  organizationWithMember,
  registerApp,
  signInWithPassword,
} from '../login/login.fixtures.js';

const CLIENT_ID = 'observability-bootstrap';
const CLIENT_SECRET = 'o'.repeat(40);
const BOOTSTRAP = { GATEHOUSE_BOOTSTRAP_CLIENT_ID: CLIENT_ID, GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: CLIENT_SECRET };

const bootstrapToken = (url: string) => managementToken(url, { id: CLIENT_ID, secret: CLIENT_SECRET });

/** The part of TestServer the login fixtures use, over a running CLI process. */
function asServer(url: string, token: string): TestServer {
  return {
    url,
    async api(method: string, path: string, body?: unknown) {
      const res = await fetch(`${url}/api/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
  } as TestServer;
}

const warnings = (output: string) => output.split('\n').filter((line) => line.startsWith('gatehouse: warning: '));

for (const dialect of DIALECTS) {
  describe(`gatehouse start with metrics and two workers [${dialect}]`, () => {
    let database: TestDatabase;
    let running: RunningGatehouse | undefined;
    after(async () => {
      if (running) await stopGatehouse(running);
      await database?.drop();
    });

    it('serves the sum of both workers: requests, a login, tokens by grant, the pool', async () => {
      database = await freshDatabase(dialect);
      // The test opened the database to create it; the CLI opens its own.
      await database.db.destroy();
      const env = {
        GATEHOUSE_DATA_DIR: database.location.dataDir,
        ...(database.location.databaseUrl ? { DATABASE_URL: database.location.databaseUrl } : {}),
        ...BOOTSTRAP,
      };
      // One process first: on a fresh database, two workers would each create a signing key and
      // refuse each other's tokens (a first-start race outside what this test is about).
      const first = await startGatehouse(env);
      assert.deepEqual(warnings(first.output()), [], 'nothing to warn about by default');
      assert.equal(await stopGatehouse(first), 0);

      const metricsPort = await freePort();
      running = await startGatehouse({ ...env, GATEHOUSE_WORKERS: '2', GATEHOUSE_METRICS_PORT: String(metricsPort) });
      const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
      assert.ok(running.output().includes(`metrics:         ${metricsUrl}`), running.output());
      assert.deepEqual(
        warnings(running.output()),
        dialect === 'sqlite'
          ? [
              'gatehouse: warning: GATEHOUSE_WORKERS=2 with SQLite: the workers take turns writing the one database file, and writes wait on each other (and fail after 5 s) under load. Use PostgreSQL (DATABASE_URL) for several workers, or GATEHOUSE_WORKERS=1.',
            ]
          : [],
        'printed once, by the primary',
      );

      // Several connections: node:cluster hands them to the workers in turn.
      const tokens = 6;
      const bearers = await Promise.all(Array.from({ length: tokens }, () => bootstrapToken(running!.url)));
      const server = asServer(running.url, bearers[0]);
      const { member } = await organizationWithMember(server, 'cli-metrics');
      const app = await registerApp(server, { name: 'cli metrics app' });
      const agent = createAgent();
      const flow = await authorize(app.config, agent);
      const callback = await signInWithPassword(agent, flow.page, member.email);
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 300));
      await exchange(app.config, callback.url, flow);

      const scraped = await scrape(metricsUrl);
      assert.equal(scraped.value('gatehouse_tokens_issued_total', { grant_type: 'client_credentials' }), tokens);
      assert.equal(scraped.value('gatehouse_tokens_issued_total', { grant_type: 'authorization_code' }), 1);
      assert.equal(scraped.value('gatehouse_sign_ins_total', { type: 's' }), 1);
      assert.equal(
        scraped.value('gatehouse_http_requests_total', { method: 'POST', route: '/oauth/token', status_code: '200' }),
        tokens + 1,
      );
      assert.equal(
        scraped.value('gatehouse_http_requests_total', { method: 'POST', route: '/api/v2/organizations', status_code: '201' }),
        1,
      );
      if (dialect === 'postgres') {
        // Two pools of ten, summed.
        assert.equal(scraped.value('gatehouse_db_pool_max_connections'), 20);
        assert.ok(scraped.value('gatehouse_db_pool_open_connections') >= 1);
      }
      assert.ok(scraped.value('process_resident_memory_bytes') > 0);
      assert.equal(await stopGatehouse(running), 0);
      running = undefined;
    });
  });
}

describe('gatehouse start warnings', () => {
  const databases: TestDatabase[] = [];
  after(async () => {
    for (const database of databases) await database.drop();
  });

  /** Starts the CLI on a fresh SQLite database with `env`, stops it, and returns its warnings. */
  async function warningsOf(env: Record<string, string>, port?: number): Promise<string[]> {
    const database = await freshDatabase('sqlite');
    databases.push(database);
    const running = await startGatehouse({ GATEHOUSE_DATA_DIR: database.location.dataDir, ...BOOTSTRAP, ...env }, port);
    assert.equal(await stopGatehouse(running), 0);
    return warnings(running.output());
  }

  it('warns about an http:// issuer that is not this machine, and a trusted proxy in front of it', async () => {
    const port = await freePort();
    const issuer = `http://gatehouse.example:${port}`;
    assert.deepEqual(await warningsOf({ GATEHOUSE_ISSUER: issuer, GATEHOUSE_TRUST_PROXY: 'loopback' }, port), [
      `gatehouse: warning: GATEHOUSE_ISSUER is ${issuer}: passwords, codes and tokens cross the network unencrypted and session cookies lose their Secure flag. Publish an https:// issuer (GATEHOUSE_TLS_CERT/KEY, or TLS at a proxy in front).`,
      `gatehouse: warning: GATEHOUSE_TRUST_PROXY is set but the issuer is ${issuer}: behind a proxy the issuer is the URL clients reach, normally https:// at the proxy. Set GATEHOUSE_ISSUER to it.`,
    ]);
  });

  it('warns when TLS ends at a proxy whose X-Forwarded-For is not believed', async () => {
    assert.deepEqual(await warningsOf({ GATEHOUSE_ISSUER: 'https://gatehouse.example' }), [
      "gatehouse: warning: The issuer is https:// but Gatehouse serves plain HTTP, so a proxy terminates TLS in front of it, and GATEHOUSE_TRUST_PROXY is false: every client looks like the proxy's address to the sign-in throttle, the rate limit and the logs. Set GATEHOUSE_TRUST_PROXY to the proxy's addresses (e.g. 10.0.0.0/8 or loopback).",
    ]);
  });
});
