import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { pingSettings } from '../settings/settings.queries.js';

/** What `/health` asks: whether the database answers. */
export function createHealthService({ db }: { db: Kysely<Database> }) {
  return {
    /** Resolves when the database answers a read; rejects with the driver's error otherwise. */
    check: (): Promise<void> => pingSettings(db),
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
