import type { AppType, ClientGrant, StoredClient } from '../../api/resources';

export type { AppType, ClientGrant };
export type OrganizationUsage = StoredClient['organization_usage'];
export type RequireBehavior = StoredClient['organization_require_behavior'];

/**
 * An application as the console keeps it. The Management API also returns `client_secret` to a
 * token with read:client_keys; the console drops it on load (see application-context.ts).
 */
export type Client = Omit<StoredClient, 'client_secret'>;

/** What a create or a rotation answers: the only moment the console shows the secret. */
export type ClientWithSecret = Client & { client_secret?: string };

export interface ClientPage {
  clients: Client[];
  next?: string;
}

/** Auth0's application types (`app_type`) with the dashboard's names. */
export const APP_TYPES: { value: AppType; label: string; hint: string }[] = [
  {
    value: 'regular_web',
    label: 'Regular Web Application',
    hint: 'Traditional web app using redirects, with a server that keeps a secret.',
  },
  { value: 'spa', label: 'Single Page Application', hint: 'A JavaScript front end running in the browser (PKCE, no secret).' },
  { value: 'native', label: 'Native', hint: 'Mobile or desktop app (PKCE, no secret).' },
  {
    value: 'non_interactive',
    label: 'Machine to Machine Application',
    hint: 'A service calling APIs with its own credentials (client credentials grant).',
  },
];

export function appTypeLabel(type: AppType | undefined): string {
  return APP_TYPES.find((t) => t.value === type)?.label ?? 'Not set';
}
