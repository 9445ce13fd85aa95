// /health/live answers while the process does; /health/ready only while the database is reachable
// and has every migration this code ships: 503 with the reason otherwise, and 200 again once fixed.
// Through the outage, the metrics count the connections PostgreSQL refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/config.js';
import { createDatabase } from '../../src/db/database.js';
import { buildApp } from '../../src/http/app.js';
import { prepare } from '../../src/runtime.js';
import { listenMetrics, processMetrics } from '../../src/http/metrics/metrics-listener.js';
import { freePort } from '../helpers/cli-process.js';
import { DIALECTS } from '../helpers/dialects.js';
import { scrape } from '../helpers/scrape.js';
import { PrivateCluster } from '../helpers/postgres-cluster.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

async function get(url: string): Promise<{ status: number; body: any; retryAfter: string | null }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
}

/** Polls `url` until it answers `status`; returns that answer, or fails after `ms`. */
async function until(url: string, status: number, ms = 30_000): Promise<Awaited<ReturnType<typeof get>>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = await get(url);
    if (answer.status === status) return answer;
    if (Date.now() > deadline) throw new Error(`${url} still answers ${answer.status}: ${JSON.stringify(answer.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

for (const dialect of DIALECTS) {
  describe(`health probes [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it('answers /health/live and /health/ready 200 on a migrated database, and keeps /health', async () => {
      assert.deepEqual(await get(`${server.url}/health/live`), { status: 200, body: { status: 'ok' }, retryAfter: null });
      assert.deepEqual(await get(`${server.url}/health/ready`), { status: 200, body: { status: 'ok' }, retryAfter: null });
      assert.deepEqual(await get(`${server.url}/health`), { status: 200, body: { status: 'ok' }, retryAfter: null });
    });

    it('answers /health/ready 503 naming the migration the database lacks, and 200 once it is applied', async () => {
      const db = server.database.db.kysely;
      // As if the database had been migrated by a version that did not ship the newest migration yet.
      const newest = await db
        .selectFrom('kysely_migration' as never)
        .selectAll()
        .orderBy('name' as never, 'desc')
        .executeTakeFirstOrThrow();
      const { name } = newest as { name: string };
      await db
        .deleteFrom('kysely_migration' as never)
        .where('name' as never, '=', name as never)
        .execute();
      try {
        assert.deepEqual(await get(`${server.url}/health/ready`), {
          status: 503,
          body: { status: 'unavailable', reason: 'migrations_pending', pending_migrations: [name] },
          retryAfter: '5',
        });
        assert.equal((await get(`${server.url}/health/live`)).status, 200);
      } finally {
        await db
          .insertInto('kysely_migration' as never)
          .values(newest as never)
          .execute();
      }
      assert.equal((await get(`${server.url}/health/ready`)).status, 200);
    });
  });
}

describe('health probes without a database [sqlite]', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('sqlite');
  });
  after(async () => {
    await server.close();
  });

  it('answers /health/ready 503 database_unreachable once the database cannot be read, /health/live still 200', async () => {
    // SQLite answers as long as its file is open: closing the handle is how it stops answering.
    await server.database.db.destroy();
    assert.deepEqual(await get(`${server.url}/health/ready`), {
      status: 503,
      body: { status: 'unavailable', reason: 'database_unreachable' },
      retryAfter: '5',
    });
    assert.deepEqual(await get(`${server.url}/health/live`), { status: 200, body: { status: 'ok' }, retryAfter: null });
  });
});

if (DIALECTS.includes('postgres')) {
  describe('health probes through a PostgreSQL outage [postgres]', () => {
    const cluster = new PrivateCluster();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-health-'));
    let url: string;
    let metricsUrl: string;
    let close: () => Promise<void>;
    before(async () => {
      await cluster.init();
      const db = createDatabase({ postgresUrl: cluster.url });
      const metricsPort = await freePort();
      const config = loadConfig(
        { GATEHOUSE_DATA_DIR: dataDir, PORT: '0', DATABASE_URL: cluster.url, GATEHOUSE_METRICS_PORT: String(metricsPort) },
        { host: '127.0.0.1' },
      );
      await prepare(config, db);
      const { app, metrics } = await buildApp({ config, db: db.kysely, logger: false, databaseStats: db.stats });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const metricsServer = await listenMetrics(config.metrics!, processMetrics(metrics!.registry));
      url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
      close = async () => {
        metricsServer.close();
        await app.close();
        await db.destroy();
      };
    });
    after(async () => {
      await close?.();
      await cluster.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('answers /health/ready 503 database_unreachable while PostgreSQL is down, and 200 once it is back', async () => {
      assert.equal((await get(`${url}/health/ready`)).status, 200);
      await cluster.stop();
      assert.deepEqual(await until(`${url}/health/ready`, 503), {
        status: 503,
        body: { status: 'unavailable', reason: 'database_unreachable' },
        retryAfter: '5',
      });
      assert.equal((await get(`${url}/health/live`)).status, 200, 'the process still answers');
      // Each probe asks the pool for a connection, which PostgreSQL refuses: counted as `connect`.
      const deadline = Date.now() + 30_000;
      while ((await scrape(metricsUrl)).value('gatehouse_db_errors_total', { kind: 'connect' }) === 0) {
        assert.ok(Date.now() < deadline, 'no connect error counted');
        assert.equal((await get(`${url}/health/ready`)).status, 503);
      }
      await cluster.start();
      assert.deepEqual(await until(`${url}/health/ready`, 200), { status: 200, body: { status: 'ok' }, retryAfter: null });
    });
  });
}
