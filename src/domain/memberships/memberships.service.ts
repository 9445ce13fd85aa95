import type { ServiceDeps } from '../services.js';

/** Not built yet. */
export function createMembershipsService(_deps: ServiceDeps) {
  return {};
}

export type MembershipsService = ReturnType<typeof createMembershipsService>;
