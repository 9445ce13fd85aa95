import type { Connection, ConnectionOptions } from '../../api/resources';

/** A connection as the Management API returns it: secrets are never included in its options. */
export type { Connection, ConnectionOptions };
export { isEnterprise } from '../../api/resources';

export interface ConnectionPage {
  connections: Connection[];
  next?: string;
}

/** `GET /connections/{id}/saml-sp`: what the customer's IT admin pastes into their IdP. */
export interface SamlSpValues {
  entity_id: string;
  acs_url: string;
  metadata_url: string;
  name_id_format: string;
  attributes: Record<string, string>;
}

/** The kinds of connection the console creates, with the words it uses for them. */
export const CONNECTION_TYPES = [
  { strategy: 'auth0', label: 'Database', hint: 'Email and password, stored by Gatehouse.' },
  { strategy: 'samlp', label: 'SAML', hint: "A customer's identity provider (Okta, Entra ID, Google Workspace…) over SAML 2.0." },
  { strategy: 'oidc', label: 'OpenID Connect', hint: 'Any OpenID Connect provider, from its discovery URL.' },
  { strategy: 'google-oauth2', label: 'Google', hint: 'Sign in with a Google account (social), through your Google OAuth client.' },
  { strategy: 'github', label: 'GitHub', hint: 'Sign in with a GitHub account (social), through your GitHub OAuth app.' },
] as const;

/** Social strategies: the provider app's client ID and secret are all they need. */
export const SOCIAL_STRATEGIES: readonly string[] = ['google-oauth2', 'github'];

const LABELS: Record<string, string> = {
  auth0: 'Database',
  samlp: 'SAML',
  oidc: 'OpenID Connect',
  okta: 'Okta',
  waad: 'Microsoft Entra ID',
  'google-oauth2': 'Google',
  github: 'GitHub',
};

export function strategyLabel(strategy: string): string {
  return LABELS[strategy] ?? strategy;
}
