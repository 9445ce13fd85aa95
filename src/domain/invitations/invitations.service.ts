import type { ServiceDeps } from '../services.js';

/** Not built yet. */
export function createInvitationsService(_deps: ServiceDeps) {
  return {};
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
