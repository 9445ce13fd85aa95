import type { ServiceDeps } from '../services.js';

/** Not built yet. */
export function createConnectionsService(_deps: ServiceDeps) {
  return {};
}

export type ConnectionsService = ReturnType<typeof createConnectionsService>;
