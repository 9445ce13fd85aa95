import type { ServiceDeps } from '../services.js';

/** Not built yet. */
export function createOrganizationConnectionsService(_deps: ServiceDeps) {
  return {};
}

export type OrganizationConnectionsService = ReturnType<typeof createOrganizationConnectionsService>;
