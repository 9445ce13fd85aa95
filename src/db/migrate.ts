import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/2026-11-25-001-initial.js';
import * as signIn from './migrations/2026-11-25-002-sign-in.js';
import * as accessRevocation from './migrations/2026-12-01-001-access-revocation.js';
import * as connectionPolicies from './migrations/2026-12-01-017-database-connection-policies.js';
import * as connectionClients from './migrations/2026-12-01-106-connection-clients.js';
import * as events from './migrations/2026-12-01-200-events.js';
import * as logStreams from './migrations/2026-12-01-210-log-streams.js';
import * as userJobs from './migrations/2026-12-01-400-user-jobs.js';

// Listed here rather than read from disk so that the same code runs from sources and from a bundle.
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-25-001-initial': initial,
  '2026-11-25-002-sign-in': signIn,
  '2026-12-01-001-access-revocation': accessRevocation,
  '2026-12-01-017-database-connection-policies': connectionPolicies,
  '2026-12-01-106-connection-clients': connectionClients,
  '2026-12-01-200-events': events,
  '2026-12-01-210-log-streams': logStreams,
  '2026-12-01-400-user-jobs': userJobs,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Applies every pending migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
