import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { type Config, loadConfig, managementAudience } from './config/config.js';
import { startupWarnings } from './config/warnings.js';
import { migrateToLatest } from './db/migrate.js';
import { SYSTEM_ACTOR } from './domain/events/actor.js';
import { createServices } from './domain/services.js';
import { systemClock } from './domain/shared/clock.js';
import { sweepExpiredEvents } from './domain/events/retention.js';
import { bootstrapFile, openDatabase, prepare, type Prepared } from './runtime.js';

const USAGE = `usage: gatehouse <command>

  start          migrate, bootstrap and serve (default)
  migrate        apply pending database migrations and exit
  keys rotate    publish a new signing key now; every node signs with it after
                 GATEHOUSE_SIGNING_KEY_ACTIVATION_DELAY seconds
  import users FILE --connection NAME [--upsert]
                 import a users file (Auth0's import format) into a database connection
  export users [--connection NAME] [--format json|csv] [--output FILE]
                 export users (no password hashes unless GATEHOUSE_EXPORT_PASSWORD_HASHES=true)
`;

/** What `start` prints once: where Gatehouse listens, and the bootstrap credentials on first start. */
function banner(config: Config, dialect: string, boot: Prepared, workers: number): string {
  const lines = [
    '',
    `Gatehouse is running at ${config.issuer}${workers > 1 ? ` (${workers} worker processes)` : ''}`,
    `  database:        ${dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'}`,
    `  discovery:       ${config.issuer}/.well-known/openid-configuration`,
    `  Management API:  ${config.issuer}/api/v2/  (OpenAPI: ${config.issuer}/api/v2/openapi.json)`,
    `  health:          ${config.issuer}/health  (/health/live, /health/ready)`,
    `  admin console:   ${config.issuer}/console/`,
  ];
  if (config.metrics) lines.push(`  metrics:         http://${hostPort(config.metrics)}/metrics`);
  if (boot.clientSecret && !config.bootstrapClient) {
    lines.push(
      '',
      'Bootstrap management application (shown once; also saved, owner-only, to',
      `  ${bootstrapFile(config)}):`,
      `  client_id:     ${boot.clientId}`,
      `  client_secret: ${boot.clientSecret}`,
      `  audience:      ${managementAudience(config)}`,
    );
  } else {
    lines.push(
      '',
      `Bootstrap management application: ${boot.clientId} (credentials in ${config.bootstrapClient ? 'GATEHOUSE_BOOTSTRAP_CLIENT_*' : bootstrapFile(config)})`,
    );
  }
  if (boot.admin.password) {
    lines.push(
      '',
      `Tenant administrator (signs in to the admin console; shown once, also saved to ${bootstrapFile(config)}):`,
      `  email:    ${boot.admin.email}`,
      `  password: ${boot.admin.password}`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}

/** `host:port` as a URL writes it (an IPv6 address in brackets). */
function hostPort({ host, port }: { host: string; port: number }): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Serves HTTP in this process until SIGTERM/SIGINT. `boot` is given when this process prepared the database. */
async function serve(config: Config, boot: Prepared | undefined): Promise<void> {
  const db = openDatabase(config);
  const prepared = boot ?? (cluster.isWorker ? undefined : await prepare(config, db));
  // Loaded here so that `migrate` and `keys rotate` do not pull in the HTTP stack.
  const { buildApp } = await import('./http/app.js');
  const { app, services, metrics } = await buildApp({ config, db: db.kysely, databaseStats: db.stats });
  await app.listen({ port: config.port, host: config.host });
  let metricsServer: Server | undefined;
  if (metrics && config.metrics) {
    const listener = await import('./http/metrics/metrics-listener.js');
    // Workers answer the primary, which serves their sum on the metrics port (see primary()).
    if (cluster.isWorker) listener.shareWithPrimary(metrics.registry);
    else metricsServer = await listener.listenMetrics(config.metrics, listener.processMetrics(metrics.registry));
  }
  const sweeper = setInterval(() => {
    services.protocolStore.sweepExpiredPayloads().catch((error: unknown) => app.log.error({ err: error }, 'sweep failed'));
    sweepExpiredEvents(db.kysely, systemClock, config.logRetentionDays).catch((error: unknown) =>
      app.log.error({ err: error }, 'log retention sweep failed'),
    );
  }, 60_000);
  sweeper.unref();
  // Every process delivers log streams; leases keep two processes off the same stream.
  const dispatcher = services.logStreams.dispatcher;
  dispatcher.start((error: unknown) => app.log.error({ err: error }, 'log stream delivery failed'));
  // Every process runs users import jobs; a lapsed lease hands a dead process's job to another.
  const importRunner = services.jobs.runner;
  importRunner.start((error: unknown) => app.log.error({ err: error }, 'users import job failed'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(sweeper);
    metricsServer?.close();
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    // The delivery in progress finishes and commits its cursor before the database closes.
    Promise.all([dispatcher.stop(), importRunner.stop()])
      .then(() => app.close())
      .then(() => db.destroy())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Printed last: whoever reads it may stop the process at once, and a signal before the handlers
  // above are installed would kill it without closing the database.
  if (prepared) process.stdout.write(banner(config, db.dialect, prepared, 1));
}

/**
 * `GATEHOUSE_WORKERS=N`: the primary migrates and bootstraps once, then N workers share the port
 * (node:cluster). All state is in the database, so any worker can serve any request.
 */
async function primary(config: Config): Promise<void> {
  const db = openDatabase(config);
  const boot = await prepare(config, db);
  const dialect = db.dialect;
  await db.destroy();
  let stopping = false;
  let listening = 0;
  cluster.on('listening', () => {
    listening += 1;
    if (listening === config.workers) process.stdout.write(banner(config, dialect, boot, config.workers));
  });
  cluster.on('exit', (worker, code) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    process.stderr.write(`gatehouse: worker ${worker.process.pid} exited (${code}); starting another\n`);
    cluster.fork();
  });
  if (config.metrics) {
    // Bound before the banner, which the last worker's listening prints.
    const { clusterMetrics, listenMetrics } = await import('./http/metrics/metrics-listener.js');
    await listenMetrics(config.metrics, clusterMetrics());
  }
  for (let i = 0; i < config.workers; i += 1) cluster.fork();
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), 12_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function start(): Promise<void> {
  const config = loadConfig();
  if (cluster.isPrimary) {
    // Once, from the process that starts: workers load the same configuration.
    for (const warning of startupWarnings(config)) process.stderr.write(`gatehouse: warning: ${warning}\n`);
    // Built here, once, before any worker serves it; a fresh clone has no build yet.
    const { ensureConsoleBuilt } = await import('./console/build.js');
    await ensureConsoleBuilt((line) => process.stdout.write(`${line}\n`));
  }
  if (config.workers > 1 && cluster.isPrimary) return primary(config);
  return serve(config, undefined);
}

async function main(argv: string[]): Promise<void> {
  const [command = 'start', sub] = argv;
  if (command === 'start') return start();
  if (command === 'migrate') {
    const config = loadConfig();
    const db = openDatabase(config);
    const applied = await migrateToLatest(db.kysely);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    return db.destroy();
  }
  if (command === 'keys' && sub === 'rotate') {
    const config = loadConfig();
    const db = openDatabase(config);
    await migrateToLatest(db.kysely);
    const services = createServices(db.kysely, config, systemClock);
    const { kid, activeFrom } = await services.keys.rotateSigningKey(SYSTEM_ACTOR);
    process.stdout.write(
      `new signing key ${kid}: in the JWKS now, signing from ${activeFrom} on every node, no restart needed; ` +
        'the previous key signs until then and stays in the JWKS until its tokens expire.\n',
    );
    return db.destroy();
  }
  if ((command === 'import' || command === 'export') && sub === 'users') {
    const { option, runJobCommand } = await import('./cli-jobs.js');
    const { createServices } = await import('./domain/services.js');
    const config = loadConfig();
    const db = openDatabase(config);
    try {
      await migrateToLatest(db.kysely);
      const args = argv.slice(2);
      const name = option(args, '--connection');
      const connection =
        name === undefined ? undefined : await db.kysely.selectFrom('connections').select('id').where('name', '=', name).executeTakeFirst();
      if (name !== undefined && !connection) throw new Error(`no connection named ${name}`);
      process.exitCode = await runJobCommand(createServices(db.kysely, config, systemClock), command, args, connection);
    } finally {
      await db.destroy();
    }
    return;
  }
  process.stderr.write(USAGE);
  process.exit(2);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
