import type { AddressInfo } from 'node:net';
import { loadConfig, managementAudience, type Config } from '../../src/config/config.js';
import type { DialectName } from '../../src/db/database.js';
import { buildApp, type App } from '../../src/http/app.js';
import { listenMetrics, processMetrics } from '../../src/http/metrics/metrics-listener.js';
import { prepare } from '../../src/runtime.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import { randomString, prefixedId } from '../../src/domain/shared/ids.js';
import { MANAGEMENT_SCOPES } from '../../src/domain/resource-servers/management-api.js';
import { freshDatabase, type TestDatabase } from './dialects.js';

export interface TestServer {
  url: string;
  config: Config;
  app: App;
  database: TestDatabase;
  /** `http://host:port/metrics` when GATEHOUSE_METRICS_PORT is in the environment given. */
  metricsUrl: string | undefined;
  /** The bootstrap application's credentials (every Management API scope). */
  bootstrap: { clientId: string; clientSecret: string };
  /** An access token for the Management API with exactly these scopes (all by default). */
  token(scopes?: string[]): Promise<string>;
  /** fetch against /api/v2 with a JSON body and a bearer token. */
  api(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  clock?: Clock;
  tls?: { certPath: string; keyPath: string };
  /** Fastify's logger options (e.g. a stream a test reads); no logging by default. */
  logger?: object;
  /** Run the log stream dispatcher as `gatehouse start` does; off by default (tests run it by hand). */
  dispatcher?: boolean;
}

/** Starts Gatehouse on an ephemeral loopback port over a fresh database of the dialect. */
export async function startServer(dialect: DialectName, options: StartOptions = {}): Promise<TestServer> {
  const database = await freshDatabase(dialect);
  // Bind first to learn the port, since the issuer must name it.
  const probe = loadConfig(
    {
      GATEHOUSE_DATA_DIR: database.location.dataDir,
      PORT: '0',
      GATEHOUSE_BOOTSTRAP_CLIENT_ID: 'test-bootstrap-client',
      GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: randomString(48),
      ...(options.tls ? { GATEHOUSE_TLS_CERT: options.tls.certPath, GATEHOUSE_TLS_KEY: options.tls.keyPath } : {}),
      ...options.env,
    },
    { host: '127.0.0.1' },
  );
  const net = await import('node:net');
  const port = await new Promise<number>((resolve, reject) => {
    const s = net
      .createServer()
      .listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      })
      .on('error', reject);
  });
  const scheme = options.tls ? 'https' : 'http';
  const config: Config = { ...probe, port, issuer: options.env?.GATEHOUSE_ISSUER ?? `${scheme}://localhost:${port}` };
  await prepare(config, database.db);
  const app = await buildApp({
    config,
    db: database.db.kysely,
    clock: options.clock,
    logger: options.logger ?? false,
    databaseStats: database.db.stats,
  });
  await app.app.listen({ port, host: '127.0.0.1' });
  // As `gatehouse start` serves them: a listener of their own.
  const metricsServer =
    app.metrics && config.metrics ? await listenMetrics(config.metrics, processMetrics(app.metrics.registry)) : undefined;
  const { dispatcher } = app.services.logStreams;
  if (options.dispatcher) dispatcher.start((error) => process.stderr.write(`log stream dispatcher: ${String(error)}\n`));
  // Users import jobs run in the server process, as under `gatehouse start`.
  const importRunner = app.services.jobs.runner;
  importRunner.start((error) => process.stderr.write(`users import runner: ${String(error)}\n`));
  const url = config.issuer;
  const bootstrap = config.bootstrapClient!;

  async function requestToken(clientId: string, clientSecret: string): Promise<string> {
    const res = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        audience: managementAudience(config),
      }),
    });
    const json = (await res.json()) as { access_token?: string };
    if (!json.access_token) throw new Error(`token request failed: ${res.status} ${JSON.stringify(json)}`);
    return json.access_token;
  }

  let fullToken: string | undefined;
  const server: TestServer = {
    url,
    config,
    app,
    database,
    metricsUrl: config.metrics ? `http://${config.metrics.host}:${config.metrics.port}/metrics` : undefined,
    bootstrap,
    async token(scopes) {
      if (!scopes) return (fullToken ??= await requestToken(bootstrap.clientId, bootstrap.clientSecret));
      const db = database.db.kysely;
      const clientId = randomString(32);
      const clientSecret = randomString(64);
      const now = new Date().toISOString();
      await db
        .insertInto('clients')
        .values({
          client_id: clientId,
          client_secret: clientSecret,
          name: `scoped ${scopes.join(' ')}`.slice(0, 100),
          description: null,
          app_type: 'non_interactive',
          is_first_party: 1,
          callbacks: '[]',
          allowed_logout_urls: '[]',
          web_origins: '[]',
          grant_types: '["client_credentials"]',
          token_endpoint_auth_method: 'client_secret_post',
          initiate_login_uri: null,
          organization_usage: 'deny',
          organization_require_behavior: 'no_prompt',
          client_metadata: '{}',
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db
        .insertInto('client_grants')
        .values({
          id: prefixedId('cgr'),
          client_id: clientId,
          audience: managementAudience(config),
          scope: JSON.stringify(scopes.filter((s) => MANAGEMENT_SCOPES.includes(s))),
          organization_usage: null,
          allow_any_organization: 0,
          created_at: now,
        })
        .execute();
      return requestToken(clientId, clientSecret);
    },
    async api(method, path, body, token) {
      const bearer = token ?? (await server.token());
      const res = await fetch(`${url}/api/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    async close() {
      await dispatcher.stop();
      if (metricsServer) await new Promise((resolve) => metricsServer.close(resolve));
      await importRunner.stop();
      await app.app.close();
      await database.drop();
    },
  };
  return server;
}
