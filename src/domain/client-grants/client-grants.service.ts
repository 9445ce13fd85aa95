import type { ServiceDeps } from '../services.js';

/** Not built yet. */
export function createClientGrantsService(_deps: ServiceDeps) {
  return {};
}

export type ClientGrantsService = ReturnType<typeof createClientGrantsService>;
