import { isDatabase, isEnterprise } from '../connections/connections.types.js';
import { invalidInput } from '../errors.js';
import type { OrganizationConnectionSettings } from './organization-connections.types.js';

function invalid(property: string, rule: string): never {
  invalidInput(property, rule);
}

/**
 * Checks the settings an organization connection would end up with (after a POST, or a PATCH merged
 * onto the stored row). `showAsButtonGiven` says whether the request set show_as_button at all.
 */
export function checkSettings(strategy: string, settings: OrganizationConnectionSettings, showAsButtonGiven: boolean): void {
  if (showAsButtonGiven && !isEnterprise(strategy)) {
    invalid('show_as_button', 'show_as_button is only allowed for enterprise connections (samlp, oidc, okta, waad)');
  }
  if (settings.is_signup_enabled) {
    if (!isDatabase(strategy)) invalid('is_signup_enabled', 'is_signup_enabled is only allowed for database connections');
    if (!settings.assign_membership_on_login) {
      invalid('is_signup_enabled', 'is_signup_enabled requires assign_membership_on_login to be true');
    }
  }
}
