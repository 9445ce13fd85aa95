import fs from 'node:fs';
import path from 'node:path';
import { type Config, managementAudience, myAccountAudience, myOrgAudience } from './config/config.js';
import { createDatabase, type Db } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { bootstrapTenant, type BootstrapResult } from './domain/bootstrap/bootstrap.js';
import { bootstrapTenantAdmin, type TenantAdminResult } from './domain/bootstrap/tenant-admin.js';
import { systemClock } from './domain/shared/clock.js';

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else SQLite in the data dir. */
export function openDatabase(config: Config): Db {
  if (config.databaseUrl) return createDatabase({ postgresUrl: config.databaseUrl, poolMax: config.databasePoolMax });
  return createDatabase({ sqliteFile: path.join(config.dataDir, 'gatehouse.sqlite') });
}

/** The file the bootstrap credentials are written to, readable by the owner only. */
export function bootstrapFile(config: Config): string {
  return path.join(config.dataDir, 'bootstrap-credentials.json');
}

/** What the first start made: the bootstrap application and the tenant administrator. */
export type Prepared = BootstrapResult & { admin: TenantAdminResult };

/** Migrates and bootstraps; writes newly created credentials to a 0600 file. */
export async function prepare(config: Config, db: Db): Promise<Prepared> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  await migrateToLatest(db.kysely);
  const result = await bootstrapTenant(db.kysely, systemClock, {
    managementAudience: managementAudience(config),
    myOrgAudience: myOrgAudience(config),
    myAccountAudience: myAccountAudience(config),
    fixedCredentials: config.bootstrapClient,
  });
  const admin = await bootstrapTenantAdmin(db.kysely, systemClock, {
    issuer: config.issuer,
    managementAudience: managementAudience(config),
    myOrgAudience: myOrgAudience(config),
    myAccountAudience: myAccountAudience(config),
    admin: config.admin,
  });
  const fresh: Record<string, string> = {};
  if (result.clientSecret && !config.bootstrapClient) {
    Object.assign(fresh, {
      client_id: result.clientId,
      client_secret: result.clientSecret,
      audience: managementAudience(config),
      token_endpoint: `${config.issuer}/oauth/token`,
    });
  }
  if (admin.password) Object.assign(fresh, { admin_email: admin.email, admin_password: admin.password });
  if (Object.keys(fresh).length > 0) {
    const file = bootstrapFile(config);
    const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
    fs.writeFileSync(file, `${JSON.stringify({ ...previous, ...fresh }, null, 2)}\n`, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
  }
  return { ...result, admin };
}
