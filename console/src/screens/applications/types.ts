export type AppType = 'regular_web' | 'spa' | 'native' | 'non_interactive';
export type OrganizationUsage = 'deny' | 'allow' | 'require';
export type RequireBehavior = 'no_prompt' | 'pre_login_prompt' | 'post_login_prompt';

/**
 * An application as the console keeps it. The Management API also returns `client_secret` to a
 * token with read:client_keys; the console drops it on load (see application-context.ts).
 */
export interface Client {
  client_id: string;
  name: string;
  description?: string;
  app_type?: AppType;
  is_first_party: boolean;
  callbacks: string[];
  allowed_logout_urls: string[];
  web_origins: string[];
  grant_types: string[];
  token_endpoint_auth_method: string;
  organization_usage: OrganizationUsage;
  organization_require_behavior: RequireBehavior;
}

/** What a create or a rotation answers: the only moment the console shows the secret. */
export type ClientWithSecret = Client & { client_secret?: string };

export interface ClientPage { clients: Client[]; next?: string }

export interface ClientGrant {
  id: string;
  client_id: string;
  audience: string;
  scope: string[];
}

export interface ClientGrantPage { client_grants: ClientGrant[]; next?: string }

/** Auth0's application types (`app_type`) with the dashboard's names. */
export const APP_TYPES: { value: AppType; label: string; hint: string }[] = [
  { value: 'regular_web', label: 'Regular Web Application', hint: 'Traditional web app using redirects, with a server that keeps a secret.' },
  { value: 'spa', label: 'Single Page Application', hint: 'A JavaScript front end running in the browser (PKCE, no secret).' },
  { value: 'native', label: 'Native', hint: 'Mobile or desktop app (PKCE, no secret).' },
  { value: 'non_interactive', label: 'Machine to Machine Application', hint: 'A service calling APIs with its own credentials (client credentials grant).' },
];

export function appTypeLabel(type: AppType | undefined): string {
  return APP_TYPES.find((t) => t.value === type)?.label ?? 'Not set';
}
