import type { ServiceDeps } from '../services.js';

/** Not built yet. */
export function createClientsService(_deps: ServiceDeps) {
  return {};
}

export type ClientsService = ReturnType<typeof createClientsService>;
