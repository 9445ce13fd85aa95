import { loadConfig, managementAudience } from './config/config.js';
import { migrateToLatest } from './db/migrate.js';
import { sweepExpiredPayloads } from './oidc/adapter.js';
import { rotateSigningKey } from './oidc/keys.js';
import { systemClock } from './domain/shared/clock.js';
import { bootstrapFile, openDatabase, prepare } from './runtime.js';

const USAGE = `usage: gatehouse <command>

  start          migrate, bootstrap and serve (default)
  migrate        apply pending database migrations and exit
  keys rotate    retire the current signing key and create a new one (restart to serve it)
`;

async function start(): Promise<void> {
  const config = loadConfig();
  const db = openDatabase(config);
  const boot = await prepare(config, db);
  // Loaded here so that `migrate` and `keys rotate` do not pull in the HTTP stack.
  const { buildApp } = await import('./http/app.js');
  const { app } = await buildApp({ config, db: db.kysely });

  await app.listen({ port: config.port, host: config.host });
  const lines = [
    '',
    `Gatehouse is running at ${config.issuer}`,
    `  database:        ${db.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'}`,
    `  discovery:       ${config.issuer}/.well-known/openid-configuration`,
    `  Management API:  ${config.issuer}/api/v2/  (OpenAPI: ${config.issuer}/api/v2/openapi.json)`,
    `  health:          ${config.issuer}/health`,
  ];
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
    lines.push('', `Bootstrap management application: ${boot.clientId} (credentials in ${config.bootstrapClient ? 'GATEHOUSE_BOOTSTRAP_CLIENT_*' : bootstrapFile(config)})`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  const sweeper = setInterval(() => {
    sweepExpiredPayloads(db.kysely, systemClock).catch((error: unknown) => app.log.error({ err: error }, 'sweep failed'));
  }, 60_000);
  sweeper.unref();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(sweeper);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(() => db.destroy()).then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
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
    const kid = await rotateSigningKey(db.kysely, systemClock);
    process.stdout.write(`new signing key ${kid}; the previous key stays in the JWKS until its tokens expire. Restart Gatehouse to sign with it.\n`);
    return db.destroy();
  }
  process.stderr.write(USAGE);
  process.exit(2);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
