import type { ServiceDeps } from '../services.js';

/** Not built yet. */
export function createRolesService(_deps: ServiceDeps) {
  return {};
}

export type RolesService = ReturnType<typeof createRolesService>;
