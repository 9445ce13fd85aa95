import { consoleConfig } from '../../auth/session';
import type { Client } from './types';

// The server gives the bootstrap application this name (src/domain/bootstrap/bootstrap.ts); the
// Management API has no field marking it, so the name is what the console can go by.
const BOOTSTRAP_NAME = 'Gatehouse Bootstrap (Management API)';

/** Applications Gatehouse itself depends on, with what breaks without them. */
export function systemRole(client: Pick<Client, 'client_id' | 'name'>): { label: string; warning: string } | undefined {
  if (client.client_id === consoleConfig().client_id) {
    return {
      label: 'This console',
      warning: 'This is the admin console you are using. Deleting it or breaking its callbacks signs everyone out of the console for good.',
    };
  }
  if (client.name === BOOTSTRAP_NAME) {
    return {
      label: 'Bootstrap',
      warning: 'This is the bootstrap management application: scripts and operators use its credentials to call the Management API.',
    };
  }
  return undefined;
}
