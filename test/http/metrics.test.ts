// /metrics on its own listener, scraped over HTTP and read with a Prometheus text parser: requests by
// route pattern and status, sign-in outcomes, tokens by grant, the database pool and its errors,
// log-stream delivery lag and the process metrics all move with what the test does.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';
import { freePort } from '../helpers/cli-process.js';
import { DIALECTS } from '../helpers/dialects.js';
import { scrape } from '../helpers/scrape.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import {
  authorize,
  CALLBACK,
  createAgent,
  exchange,
  organizationWithMember,
  registerApp,
  signInWithPassword,
} from '../login/login.fixtures.js';
import { httpEntries, type Receiver, STREAM_ENV, startReceiver, until } from '../log-streams/receiver.fixtures.js';

const REQUESTS = 'gatehouse_http_requests_total';
const DURATIONS = 'gatehouse_http_request_duration_seconds';

for (const dialect of DIALECTS) {
  describe(`metrics [${dialect}]`, () => {
    let server: TestServer;
    let metricsUrl: string;
    before(async () => {
      server = await startServer(dialect, { env: { ...STREAM_ENV, GATEHOUSE_METRICS_PORT: String(await freePort()) } });
      metricsUrl = server.metricsUrl!;
    });
    after(async () => {
      await server.close();
    });

    it('counts requests by route pattern and status, never by raw URL', async () => {
      const before = await scrape(metricsUrl);
      const route = { method: 'GET', route: '/api/v2/organizations/:id', status_code: '404' };
      for (const id of ['org_metrics1', 'org_metrics2']) assert.equal((await server.api('GET', `/organizations/${id}`)).status, 404);
      assert.equal((await fetch(`${server.url}/no-such-page/org_metrics3`)).status, 404);
      const afterwards = await scrape(metricsUrl);
      assert.equal(afterwards.family(REQUESTS).type, 'COUNTER');
      assert.equal(afterwards.value(REQUESTS, route) - before.value(REQUESTS, route), 2);
      const unmatched = { route: '(unmatched)', status_code: '404' };
      assert.equal(afterwards.value(REQUESTS, unmatched) - before.value(REQUESTS, unmatched), 1);
      assert.equal(afterwards.family(DURATIONS).type, 'HISTOGRAM');
      const timed = { method: 'GET', route: '/api/v2/organizations/:id' };
      assert.equal(afterwards.labelledCount(DURATIONS, timed) - before.labelledCount(DURATIONS, timed), 2);
      const routes = afterwards.samples(REQUESTS).map((sample) => sample.labels?.route ?? '');
      assert.deepEqual(
        routes.filter((r) => r.includes('org_metrics')),
        [],
        'no series for a raw URL',
      );
      // oidc-provider's requests (answered inside its mount) carry its own paths.
      assert.ok(
        afterwards.value(REQUESTS, { method: 'POST', route: '/oauth/token', status_code: '200' }) >= 1,
        'the token request of server.api',
      );
    });

    it('counts a password login and its failure by event type, and tokens by grant type', async () => {
      const before = await scrape(metricsUrl);
      const { member } = await organizationWithMember(server, 'metrics-login');
      const app = await registerApp(server, { name: 'metrics app' });
      const stranger = createAgent();
      const failing = await authorize(app.config, stranger);
      assert.equal((await signInWithPassword(stranger, failing.page, member.email, 'Not-the-password-42!')).status, 401);
      const agent = createAgent();
      const flow = await authorize(app.config, agent);
      const callback = await signInWithPassword(agent, flow.page, member.email);
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 300));
      const tokens = await exchange(app.config, callback.url, flow);
      assert.ok(tokens.access_token);
      await server.token(['read:organizations']);

      const afterwards = await scrape(metricsUrl);
      const moved = (name: string, labels: Record<string, string>) => afterwards.value(name, labels) - before.value(name, labels);
      assert.equal(moved('gatehouse_sign_ins_total', { type: 's' }), 1);
      assert.equal(moved('gatehouse_sign_ins_total', { type: 'fp' }), 1);
      assert.equal(moved('gatehouse_tokens_issued_total', { grant_type: 'authorization_code' }), 1);
      assert.equal(moved('gatehouse_tokens_issued_total', { grant_type: 'client_credentials' }), 1);
      assert.equal(afterwards.family('gatehouse_sign_ins_total').type, 'COUNTER');
      assert.ok(
        afterwards.value(REQUESTS, { method: 'GET', route: '/authorize' }) -
          before.value(REQUESTS, { method: 'GET', route: '/authorize' }) >=
          2,
      );
      assert.ok(afterwards.value(REQUESTS, { method: 'GET', route: '/authorize/:uid' }) >= 1, 'the resumed authorization');
    });

    it('reports the database: pool gauges on PostgreSQL, error counters by kind on both', async () => {
      const before = await scrape(metricsUrl);
      // The same name twice: the second insert breaks the unique index, which the API answers 409.
      assert.equal((await server.api('POST', '/connections', { name: 'metrics-twice', strategy: 'auth0' })).status, 201);
      assert.equal((await server.api('POST', '/connections', { name: 'metrics-twice', strategy: 'auth0' })).status, 409);
      const afterwards = await scrape(metricsUrl);
      assert.equal(afterwards.family('gatehouse_db_errors_total').type, 'COUNTER');
      for (const kind of ['connect', 'connection_lost', 'query', 'constraint'])
        assert.equal(afterwards.samples('gatehouse_db_errors_total', { kind }).length, 1, kind);
      assert.equal(afterwards.value('gatehouse_db_errors_total', { kind: 'connect' }), 0);
      const constraint = { kind: 'constraint' };
      assert.equal(afterwards.value('gatehouse_db_errors_total', constraint) - before.value('gatehouse_db_errors_total', constraint), 1);
      if (dialect === 'postgres') {
        assert.equal(afterwards.family('gatehouse_db_pool_open_connections').type, 'GAUGE');
        const open = afterwards.value('gatehouse_db_pool_open_connections');
        assert.ok(open >= 1 && open <= 10, `open connections: ${open}`);
        assert.ok(afterwards.value('gatehouse_db_pool_idle_connections') <= open);
        assert.equal(afterwards.value('gatehouse_db_pool_waiting_queries'), 0);
        assert.equal(afterwards.value('gatehouse_db_pool_max_connections'), 10);
      } else {
        assert.equal(afterwards.samples('gatehouse_db_pool_open_connections').length, 0, 'SQLite has no pool');
      }
    });

    it('observes the delivery lag of each event a log stream delivers', async () => {
      const receiver: Receiver = await startReceiver();
      try {
        const created = await server.api('POST', '/log-streams', {
          name: 'metrics lag',
          type: 'http',
          sink: { httpEndpoint: receiver.url },
        });
        assert.equal(created.status, 200, JSON.stringify(created.body));
        const before = await scrape(metricsUrl);
        const db = server.database.db.kysely;
        for (let i = 0; i < 3; i += 1) await server.app.services.events.record(db, SYSTEM_ACTOR, { type: 'du', userId: `auth0|lag-${i}` });
        await until(
          () => server.app.services.logStreams.dispatcher.run().then(() => receiver.requests.length),
          (n) => n > 0,
        );
        const afterwards = await scrape(metricsUrl);
        const lag = 'gatehouse_log_stream_delivery_lag_seconds';
        assert.equal(afterwards.family(lag).type, 'HISTOGRAM');
        // The three, and the stream's own creation (recorded after its starting point).
        const delivered = httpEntries(receiver.requests).length;
        assert.ok(delivered >= 3, `delivered ${delivered}`);
        assert.equal(afterwards.count(lag) - before.count(lag), delivered);
        const [sample] = afterwards.samples(lag);
        assert.ok(Number(sample.sum) >= 0);
      } finally {
        await receiver.close();
      }
    });

    it("includes prom-client's process metrics and serves nothing but /metrics", async () => {
      const scraped = await scrape(metricsUrl);
      assert.ok(scraped.value('process_cpu_user_seconds_total') > 0);
      assert.ok(scraped.value('nodejs_heap_size_used_bytes') > 0);
      assert.equal((await fetch(metricsUrl.replace('/metrics', '/health'))).status, 404);
      assert.equal((await fetch(`${server.url}/metrics`)).status, 404, 'not on the public port');
    });
  });
}

describe('metrics off (the default)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('sqlite');
  });
  after(async () => {
    await server.close();
  });

  it('keeps no metrics and opens no listener', async () => {
    assert.equal(server.app.metrics, undefined);
    assert.equal(server.metricsUrl, undefined);
    assert.equal((await fetch(`${server.url}/metrics`)).status, 404);
  });
});
