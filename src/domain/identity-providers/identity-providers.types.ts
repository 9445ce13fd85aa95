import type { Strategy } from '../connections/connections.types.js';
import type { AccessLevel } from '../organization-connections/organization-connections.types.js';

/**
 * A connection of an organization as its organization admin sees it (Auth0's `IdpKnownResponse`):
 * named by the organization connection name, options without secrets and limited to the ones the
 * My Organization API speaks.
 */
export interface IdentityProvider {
  id: string;
  name: string;
  strategy: Strategy;
  domains: string[];
  display_name?: string;
  show_as_button: boolean;
  assign_membership_on_login: boolean;
  is_enabled: boolean;
  access_level: AccessLevel;
  options: Record<string, unknown>;
}

export interface IdentityProviderInput {
  name: string;
  strategy: Strategy;
  display_name?: string;
  show_as_button?: boolean;
  assign_membership_on_login?: boolean;
  is_enabled?: boolean;
  domains?: string[];
  access_level?: AccessLevel;
  options: Record<string, unknown>;
}

export interface IdentityProviderPatch {
  display_name?: string;
  show_as_button?: boolean;
  assign_membership_on_login?: boolean;
  is_enabled?: boolean;
  access_level?: AccessLevel;
  /** Merged onto the stored options: an option left out keeps its value. */
  options?: Record<string, unknown>;
}
