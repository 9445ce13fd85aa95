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

/** Drops the stored secret the API returns to a token with read:client_keys: the console never shows it again. */
export function withoutSecret(client: ClientWithSecret): Client {
  const { client_secret: _dropped, ...rest } = client;
  return rest;
}
