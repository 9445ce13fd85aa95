/** Identity provider kinds Gatehouse speaks; `auth0` is the password database. */
export const STRATEGIES = ['auth0', 'samlp', 'oidc', 'okta', 'waad', 'google-oauth2', 'github'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Strategies Auth0 calls enterprise: they may show as a button on an organization's login prompt. */
export const ENTERPRISE_STRATEGIES: readonly Strategy[] = ['samlp', 'oidc', 'okta', 'waad'];

/** Social strategies Gatehouse signs in with: Google (OpenID Connect) and GitHub (OAuth 2.0). */
export const SOCIAL_STRATEGIES: readonly Strategy[] = ['google-oauth2', 'github'];

/** True for the social strategies. */
export function isSocial(strategy: string): boolean {
  return (SOCIAL_STRATEGIES as readonly string[]).includes(strategy);
}

/** True for enterprise strategies (SAML, OIDC, Okta, Azure AD). */
export function isEnterprise(strategy: string): boolean {
  return (ENTERPRISE_STRATEGIES as readonly string[]).includes(strategy);
}

/** True for the password database strategy. */
export function isDatabase(strategy: string): boolean {
  return strategy === 'auth0';
}

/**
 * A connection's options: the common keys below plus the strategy's IdP settings
 * (see connections.options.ts). Secrets are included here; `redactSecrets` removes them.
 */
export interface ConnectionOptions {
  /** Email domains for home realm discovery, lowercase; each belongs to one connection. */
  domain_aliases: string[];
  /** JIT: create a user on first login. */
  is_create_missing_user: boolean;
  /** Trust email addresses asserted by this connection (merge with existing users). */
  is_trusted: boolean;
  [key: string]: unknown;
}

/** A connection as the domain knows it, secrets included. */
export interface Connection {
  id: string;
  name: string;
  display_name?: string;
  strategy: Strategy;
  options: ConnectionOptions;
  /** The applications this connection is enabled for: outside an organization their login offers only these. */
  enabled_clients: string[];
  realms: string[];
  is_domain_connection: boolean;
  metadata: Record<string, string>;
  /** The owning organization, for an organization-owned connection (Kinde's model). */
  organization_id?: string;
  created_at: string;
  updated_at: string;
}

export interface ConnectionInput {
  name: string;
  display_name?: string;
  strategy: Strategy;
  options?: Record<string, unknown>;
  metadata?: Record<string, string>;
  is_domain_connection?: boolean;
  organization_id?: string;
  /** Omitted: enabled for every existing application (Auth0 would enable it for none). */
  enabled_clients?: string[];
}

export interface ConnectionPatch {
  display_name?: string | null;
  options?: Record<string, unknown>;
  metadata?: Record<string, string>;
  is_domain_connection?: boolean;
  /** Replaces the whole list (Auth0's deprecated property; see `changeEnabledClients`). */
  enabled_clients?: string[];
}

/** One entry of Auth0's `PATCH /connections/{id}/clients`: enable (`status: true`) or disable the connection for a client. */
export interface EnabledClientChange {
  client_id: string;
  status: boolean;
}

export interface ConnectionFilter {
  strategy?: string[];
  name?: string;
  /** Email domain: connections whose domain_aliases contain it (case-insensitive). */
  domain?: string;
}
