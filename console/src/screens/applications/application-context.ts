import { useOutletContext } from 'react-router';
import type { Client, ClientWithSecret } from './types';

/** What the application's layout hands to its tabs. */
export interface ApplicationContext {
  client: Client;
  reload(): void;
}

export function useApplication(): ApplicationContext {
  return useOutletContext<ApplicationContext>();
}

/**
 * The console's token lacks read:client_keys, so the API sends no stored secret; this keeps the
 * type honest and the secret out of the page even if a token ever carried that scope.
 */
export function withoutSecret(client: ClientWithSecret): Client {
  const { client_secret: _dropped, ...rest } = client;
  return rest;
}
