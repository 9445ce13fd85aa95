/** How much an organization admin may see and change of a connection (My Organization API). */
export const ACCESS_LEVELS = ['none', 'readonly', 'limited', 'full'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** A connection enabled for an organization, with the organization's settings for it. */
export interface OrganizationConnection {
  connection_id: string;
  assign_membership_on_login: boolean;
  is_signup_enabled: boolean;
  /** Enterprise connections only; absent for the others. */
  show_as_button?: boolean;
  is_enabled: boolean;
  organization_access_level: AccessLevel;
  organization_connection_name?: string;
  connection: { name: string; strategy: string };
}

export interface OrganizationConnectionInput {
  connection_id: string;
  assign_membership_on_login?: boolean;
  is_signup_enabled?: boolean;
  show_as_button?: boolean;
  is_enabled?: boolean;
  organization_access_level?: AccessLevel;
  organization_connection_name?: string;
}

export interface OrganizationConnectionPatch {
  assign_membership_on_login?: boolean;
  is_signup_enabled?: boolean;
  show_as_button?: boolean;
  is_enabled?: boolean;
  /** null resets to `none`. */
  organization_access_level?: AccessLevel | null;
  /** null clears the name. */
  organization_connection_name?: string | null;
}

/** The settings as stored, before the connection is joined in. */
export interface OrganizationConnectionSettings {
  assign_membership_on_login: boolean;
  is_signup_enabled: boolean;
  show_as_button: boolean;
  is_enabled: boolean;
  organization_access_level: AccessLevel;
  organization_connection_name: string | null;
}
