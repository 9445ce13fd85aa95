import type { ServiceDeps } from '../services.js';

/** Not built yet. */
export function createResourceServersService(_deps: ServiceDeps) {
  return {};
}

export type ResourceServersService = ReturnType<typeof createResourceServersService>;
