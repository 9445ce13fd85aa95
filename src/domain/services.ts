import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import type { Clock } from './shared/clock.js';
import { createOrganizationsService } from './organizations/organizations.service.js';
import { createRateLimiter } from './rate-limits/rate-limiter.js';

/** The composition root: every domain service, wired once from the database, config and clock. */
export function createServices(db: Kysely<Database>, config: Config, clock: Clock) {
  const deps = { db, clock, limits: config.limits };
  return {
    organizations: createOrganizationsService(deps),
    managementRateLimiter: createRateLimiter(db, clock, config.rateLimit),
  };
}

export type Services = ReturnType<typeof createServices>;
