import type { Strategy } from '../connections/connections.types.js';

/**
 * The IdP kinds a self-service profile may offer (Auth0's `allowed_strategies`), each set up in the
 * wizard as one of Gatehouse's strategies: the SAML products as `samlp`, Google Workspace as its
 * custom SAML app, Okta and Entra ID through OpenID Connect.
 */
export const SELF_SERVICE_STRATEGIES = ['oidc', 'samlp', 'waad', 'google-apps', 'adfs', 'okta', 'keycloak-samlp', 'pingfederate'] as const;
export type SelfServiceStrategy = (typeof SELF_SERVICE_STRATEGIES)[number];

/** The Gatehouse strategy each kind becomes. */
export const STRATEGY_OF: Record<SelfServiceStrategy, Strategy> = {
  oidc: 'oidc',
  samlp: 'samlp',
  waad: 'waad',
  'google-apps': 'samlp',
  adfs: 'samlp',
  okta: 'okta',
  'keycloak-samlp': 'samlp',
  pingfederate: 'samlp',
};

/** An attribute the wizard asks the IT admin to map (Auth0's `user_attributes`). */
export interface UserAttribute {
  name: string;
  description: string;
  is_optional: boolean;
}

export interface ProfileBranding {
  logo_url?: string;
  colors?: { primary: string };
}

/** What a customer's setup wizard offers and looks like (Auth0's self-service profile). */
export interface SelfServiceProfile {
  id: string;
  name: string;
  description?: string;
  user_attributes: UserAttribute[];
  branding?: ProfileBranding;
  allowed_strategies: SelfServiceStrategy[];
  created_at: string;
  updated_at: string;
}

export interface ProfileInput {
  name: string;
  description?: string;
  user_attributes?: UserAttribute[];
  branding?: ProfileBranding;
  allowed_strategies?: SelfServiceStrategy[];
}

/** null clears a field, as in Auth0's PATCH. */
export interface ProfilePatch {
  name?: string;
  description?: string | null;
  user_attributes?: UserAttribute[] | null;
  branding?: ProfileBranding | null;
  allowed_strategies?: SelfServiceStrategy[];
}

export const DOMAIN_VERIFICATION = ['none', 'optional', 'required'] as const;
export type DomainVerification = (typeof DOMAIN_VERIFICATION)[number];

export interface TicketOrganization {
  organization_id: string;
  assign_membership_on_login?: boolean;
  show_as_button?: boolean;
}

/** The connection a ticket's wizard creates (Auth0's `connection_config`). */
export interface TicketConnectionConfig {
  name: string;
  display_name?: string;
  is_domain_connection?: boolean;
  show_as_button?: boolean;
  metadata?: Record<string, string>;
  options?: { icon_url?: string | null; domain_aliases?: string[] | null; idpinitiated?: unknown };
}

/** Auth0's sso-ticket request: what the wizard may set up, and for whom. */
export interface TicketInput {
  connection_id?: string;
  connection_config?: TicketConnectionConfig;
  enabled_clients?: string[];
  enabled_organizations?: TicketOrganization[];
  ttl_sec?: number;
  domain_aliases_config?: { domain_verification: DomainVerification; pending_domains?: string[] };
}

/** The wizard's progress, kept on the ticket. */
export interface WizardState {
  /** The IdP kind the IT admin picked. */
  kind?: SelfServiceStrategy;
  /** The connection the wizard created (or the ticket's `connection_id`). */
  connectionId?: string;
  /** The IT admin saved their IdP's settings. */
  configured?: boolean;
  /** The SAML AuthnRequest (or OIDC round trip) of the test sign-in under way. */
  pendingTest?: { requestId?: string; state?: string; nonce?: string; codeVerifier?: string };
  /** The last test sign-in: whether it worked, what the IdP sent, and when. */
  test?: { ok: boolean; at: string; claims?: Record<string, unknown>; error?: string };
  /** Domains added through the wizard: the organization's domain ids. */
  domains?: { id: string; organizationId: string; domain: string }[];
}

/** One ticket's wizard as the hosted pages see it. */
export interface Wizard {
  ticketId: string;
  profile: SelfServiceProfile;
  config: TicketInput;
  state: WizardState;
  expiresAt: string;
}
