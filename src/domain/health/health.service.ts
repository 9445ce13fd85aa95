import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { pendingMigrations } from '../../db/migrate.js';
import { pingSettings } from '../settings/settings.queries.js';

/** Why this process should not be sent traffic (`/health/ready`). */
export type NotReady = { reason: 'database_unreachable'; error: unknown } | { reason: 'migrations_pending'; pending: string[] };

/** What `/health` and `/health/ready` ask: whether the database answers, and whether it is migrated. */
export function createHealthService({ db }: { db: Kysely<Database> }) {
  return {
    /** Resolves when the database answers a read; rejects with the driver's error otherwise. */
    check: (): Promise<void> => pingSettings(db),

    /**
     * Undefined when the database answers and has every migration this code ships applied;
     * otherwise why not. A migration missing means this version started against a database another
     * process has not migrated yet (or a migration failed): its queries would fail.
     */
    async notReady(): Promise<NotReady | undefined> {
      try {
        // A statement that needs no table: reachability apart from the schema.
        await sql`select 1`.execute(db);
      } catch (error) {
        return { reason: 'database_unreachable', error };
      }
      let pending: string[];
      try {
        pending = await pendingMigrations(db);
      } catch (error) {
        return { reason: 'database_unreachable', error };
      }
      return pending.length > 0 ? { reason: 'migrations_pending', pending } : undefined;
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
