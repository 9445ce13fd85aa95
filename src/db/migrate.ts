import { DEFAULT_MIGRATION_TABLE as MIGRATION_TABLE, Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { isMissingTable } from './errors.js';
import * as initial from './migrations/2026-11-25-001-initial.js';
import * as signIn from './migrations/2026-11-25-002-sign-in.js';
import * as accessRevocation from './migrations/2026-12-01-001-access-revocation.js';
import * as connectionPolicies from './migrations/2026-12-01-017-database-connection-policies.js';
import * as connectionClients from './migrations/2026-12-01-106-connection-clients.js';
import * as events from './migrations/2026-12-01-200-events.js';
import * as logStreams from './migrations/2026-12-01-210-log-streams.js';
import * as myOrgApi from './migrations/2026-12-01-300-my-org-api.js';
import * as organizationDomains from './migrations/2026-12-01-300-organization-domains.js';
import * as signingKeyActivation from './migrations/2026-12-01-300-signing-key-activation.js';
import * as userJobs from './migrations/2026-12-01-400-user-jobs.js';
import * as importChunks from './migrations/2026-12-01-500-import-chunks.js';
import * as mfa from './migrations/2026-12-01-500-mfa.js';
import * as scim from './migrations/2026-12-01-500-scim.js';
import * as selfServiceSso from './migrations/2026-12-01-500-self-service-sso.js';
import * as mfaEmailCodes from './migrations/2026-12-01-600-mfa-email-codes.js';

// Listed here rather than read from disk so that the same code runs from sources and from a bundle.
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-25-001-initial': initial,
  '2026-11-25-002-sign-in': signIn,
  '2026-12-01-001-access-revocation': accessRevocation,
  '2026-12-01-017-database-connection-policies': connectionPolicies,
  '2026-12-01-106-connection-clients': connectionClients,
  '2026-12-01-200-events': events,
  '2026-12-01-210-log-streams': logStreams,
  '2026-12-01-300-my-org-api': myOrgApi,
  '2026-12-01-300-organization-domains': organizationDomains,
  '2026-12-01-300-signing-key-activation': signingKeyActivation,
  '2026-12-01-400-user-jobs': userJobs,
  '2026-12-01-500-import-chunks': importChunks,
  '2026-12-01-500-mfa': mfa,
  '2026-12-01-500-scim': scim,
  '2026-12-01-500-self-service-sso': selfServiceSso,
  '2026-12-01-600-mfa-email-codes': mfaEmailCodes,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Applies every pending migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * The migrations this code ships that the database has not applied, in order (every one on a
 * database never migrated). Read from Kysely's own table, not through the Migrator: readiness
 * probes call this every few seconds, and the Migrator lists every table of the schema to find its
 * own. Migrations applied by a newer version are no concern of this one.
 */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const rows = await db
    .selectFrom(MIGRATION_TABLE)
    .select('name')
    .execute()
    .catch((error: unknown) => {
      if (isMissingTable(error)) return [];
      throw error;
    });
  const applied = new Set(rows.map((row: { name: string }) => row.name));
  return Object.keys(MIGRATIONS).filter((name) => !applied.has(name));
}
