import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import pg from 'pg';
import type { Kysely, KyselyPlugin } from 'kysely';
import { loadConfig, managementAudience, type Config } from '../../src/config/config.js';
import { createDatabase, type Db } from '../../src/db/database.js';
import { buildApp, type App } from '../../src/http/app.js';
import { prepare } from '../../src/runtime.js';

/** Gatehouse serving on loopback over a throwaway database, and a Management API client for it. */
export interface BenchServer {
  url: string;
  config: Config;
  app: App;
  db: Db;
  bootstrap: { clientId: string; clientSecret: string };
  /** A Management API call with the bootstrap token; throws on a status other than `expect`. */
  api(method: string, path: string, body?: unknown, expect?: number): Promise<any>;
  managementToken(): Promise<string>;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net
      .createServer()
      .listen(0, '127.0.0.1', () => {
        const port = (s.address() as AddressInfo).port;
        s.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

/** A fresh SQLite file in a temporary folder, or a fresh database on the PostgreSQL server at `pgUrl`. */
async function freshDatabase(dataDir: string, pgUrl: string | undefined): Promise<{ db: Db; url?: string; drop(): Promise<void> }> {
  if (!pgUrl) {
    const db = createDatabase({ sqliteFile: path.join(dataDir, 'gatehouse.sqlite') });
    return { db, drop: async () => db.destroy() };
  }
  const name = `gatehouse_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const db = createDatabase({ postgresUrl: url.toString() });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.destroy();
      const again = new pg.Client({ connectionString: pgUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

/** Starts Gatehouse in this process, as `gatehouse start` would, with the bench's settings. */
export async function startGatehouse(
  options: { pgUrl?: string; env?: Record<string, string>; onQuery?: (sql: string) => void; dispatcher?: boolean } = {},
): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
  const database = await freshDatabase(dataDir, options.pgUrl);
  const port = await freePort();
  const config: Config = {
    ...loadConfig(
      {
        GATEHOUSE_DATA_DIR: dataDir,
        PORT: String(port),
        GATEHOUSE_BOOTSTRAP_CLIENT_ID: 'bench-bootstrap-client',
        GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: randomBytes(32).toString('hex'),
        // The bench drives the Management API far past the production default of 600 a minute.
        GATEHOUSE_MGMT_RATE_LIMIT: '100000000',
        // And SCIM past its per-token default of 1 200 a minute (the provisioning scenario).
        GATEHOUSE_SCIM_RATE_LIMIT: '100000000',
        GATEHOUSE_LOG_LEVEL: 'warn',
        ...options.env,
      },
      { host: '127.0.0.1' },
    ),
    port,
    issuer: `http://localhost:${port}`,
  };
  await prepare(config, database.db);
  const kysely = options.onQuery ? database.db.kysely.withPlugin(queryRecorder(database.db.kysely, options.onQuery)) : database.db.kysely;
  const app = await buildApp({ config, db: kysely, logger: false });
  await app.app.listen({ port, host: '127.0.0.1' });
  // As `gatehouse start` does: the log stream dispatcher runs in every process.
  const { dispatcher } = app.services.logStreams;
  if (options.dispatcher) dispatcher.start((error) => process.stderr.write(`bench: log stream delivery failed: ${String(error)}\n`));
  const bootstrap = config.bootstrapClient!;
  const url = config.issuer;

  let token: string | undefined;
  async function managementToken(): Promise<string> {
    if (token) return token;
    const res = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: bootstrap.clientId,
        client_secret: bootstrap.clientSecret,
        audience: managementAudience(config),
      }),
    });
    const json = (await res.json()) as { access_token?: string };
    if (!json.access_token) throw new Error(`management token: ${res.status} ${JSON.stringify(json)}`);
    return (token = json.access_token);
  }

  return {
    url,
    config,
    app,
    db: database.db,
    bootstrap,
    managementToken,
    async api(method, apiPath, body, expect) {
      const res = await fetch(`${url}/api/v2${apiPath}`, {
        method,
        headers: {
          authorization: `Bearer ${await managementToken()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const parsed = text ? JSON.parse(text) : undefined;
      const ok = expect === undefined ? res.ok : res.status === expect;
      if (!ok) throw new Error(`${method} ${apiPath}: ${res.status} ${text.slice(0, 500)}`);
      return parsed;
    },
    async close() {
      await dispatcher.stop();
      await app.app.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A Kysely plugin that hands the SQL of every query to `record` (bench/profile-login.ts counts them). */
function queryRecorder(kysely: Kysely<any>, record: (sql: string) => void): KyselyPlugin {
  return {
    transformQuery(args) {
      record(kysely.getExecutor().compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
}
