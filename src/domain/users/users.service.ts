import type { ServiceDeps } from '../services.js';

/** Not built yet. */
export function createUsersService(_deps: ServiceDeps) {
  return {};
}

export type UsersService = ReturnType<typeof createUsersService>;
