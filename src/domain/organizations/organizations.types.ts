/** Login page branding of an organization. */
export interface Branding {
  logo_url?: string;
  colors?: { primary?: string; page_background?: string };
}

/**
 * Gatehouse's SSO enforcement (no Auth0 equivalent): when enabled, a person whose email is in one of
 * the organization's verified domains signs in and up only through the organization's enterprise
 * connections; the break-glass accounts (emails or user ids) keep their password.
 */
export interface SsoEnforcement {
  enabled: boolean;
  break_glass_accounts: string[];
}

/**
 * An organization's MFA policy (Gatehouse's, as Kinde's "MFA per organization"): members signing in
 * to it must prove a second factor, but for the members holding an exempt role (role ids) and the
 * logins through an exempt enterprise connection (connection ids) whose IdP performs MFA itself.
 */
export interface OrganizationMfaPolicy {
  require: boolean;
  exempt_roles: string[];
  exempt_connections: string[];
}

/** An organization: one business customer of the SaaS vendor. */
export interface Organization {
  id: string;
  name: string;
  display_name?: string;
  branding?: Branding;
  metadata: Record<string, string>;
  /** Email domains for the allowed-domain policies (Kinde's names). */
  allowed_domains: string[];
  /** Auto-add users whose verified email domain is in `allowed_domains`. */
  is_auto_join_domain_list: boolean;
  /** Self-join: users may become members when they sign in to this organization. */
  is_auto_membership_enabled: boolean;
  gatehouse_sso_enforcement: SsoEnforcement;
  gatehouse_mfa_policy: OrganizationMfaPolicy;
  created_at: string;
  updated_at: string;
}

export interface OrganizationInput {
  name: string;
  display_name?: string;
  branding?: Branding;
  metadata?: Record<string, string | null>;
  allowed_domains?: string[];
  is_auto_join_domain_list?: boolean;
  is_auto_membership_enabled?: boolean;
  gatehouse_sso_enforcement?: Partial<SsoEnforcement>;
  gatehouse_mfa_policy?: Partial<OrganizationMfaPolicy>;
}

export interface OrganizationPatch {
  name?: string;
  display_name?: string | null;
  branding?: Branding | null;
  metadata?: Record<string, string | null>;
  allowed_domains?: string[];
  is_auto_join_domain_list?: boolean;
  is_auto_membership_enabled?: boolean;
  gatehouse_sso_enforcement?: Partial<SsoEnforcement>;
  gatehouse_mfa_policy?: Partial<OrganizationMfaPolicy>;
}
