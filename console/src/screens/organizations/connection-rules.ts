import type { AccessLevel } from './types';

// The rules of src/domain/organization-connections/organization-connections.rules.ts, applied in
// the form so an impossible combination cannot be chosen in the first place.
const ENTERPRISE = ['samlp', 'oidc', 'okta', 'waad'];

export const isEnterprise = (strategy: string) => ENTERPRISE.includes(strategy);
export const isDatabase = (strategy: string) => strategy === 'auth0';

export interface ConnectionSettings {
  is_enabled: boolean;
  assign_membership_on_login: boolean;
  is_signup_enabled: boolean;
  show_as_button: boolean;
  organization_access_level: AccessLevel;
  organization_connection_name: string;
}

/** Why Organization signup cannot be turned on, or undefined when it can. */
export function signupBlocked(strategy: string, settings: ConnectionSettings): string | undefined {
  if (!isDatabase(strategy)) return 'Organization signup is for database connections only.';
  if (!settings.assign_membership_on_login) return 'Organization signup requires Membership On Authentication: turn that on first.';
  return undefined;
}

/** Applies a change and keeps the result valid: turning membership off turns signup off with it. */
export function change(strategy: string, settings: ConnectionSettings, patch: Partial<ConnectionSettings>): ConnectionSettings {
  const next = { ...settings, ...patch };
  if (next.is_signup_enabled && signupBlocked(strategy, next)) next.is_signup_enabled = false;
  if (!isEnterprise(strategy)) next.show_as_button = false;
  return next;
}

/** The body the API accepts for this strategy: show_as_button only for enterprise connections. */
export function body(strategy: string, settings: ConnectionSettings) {
  const { show_as_button, organization_connection_name, ...rest } = settings;
  return {
    ...rest,
    ...(isEnterprise(strategy) ? { show_as_button } : {}),
    organization_connection_name: organization_connection_name || undefined,
  };
}
