import { fail } from '../errors.js';
import type { Strategy } from '../connections/connections.types.js';
import type { AccessLevel } from '../organization-connections/organization-connections.types.js';
import type { ConnectionProfile } from './connection-profile.js';
import type { IdentityProviderInput, IdentityProviderPatch } from './identity-providers.types.js';

// What an organization admin may change of an identity provider, by its access level (the
// organization connection's `organization_access_level`) and the tenant's connection profile.

/** The non-sensitive settings: where the connection shows and whom it admits, never how it signs in. */
const LIMITED_FIELDS: ReadonlySet<string> = new Set(['is_enabled', 'show_as_button', 'assign_membership_on_login']);

function refuse(field: string, rule: string): never {
  fail('insufficient_access_level', `${field}: ${rule}`);
}

/** Only the tenant (Management API, console) sets an access level. */
function assertNoAccessLevel(level: AccessLevel | undefined, allowed?: AccessLevel): void {
  if (level !== undefined && level !== allowed) {
    refuse('access_level', 'only the tenant administrator changes the access level of an identity provider');
  }
}

/** Each option must be one the connection profile lets organizations set for this strategy. */
export function assertOptionsAllowed(profile: ConnectionProfile, strategy: Strategy, options: Record<string, unknown>): void {
  const allowed = new Set(profile.options[strategy] ?? []);
  for (const key of Object.keys(options)) {
    if (!allowed.has(key)) {
      fail(
        'connection_profile_violation',
        `options.${key}: the connection profile does not let organizations set this option for ${strategy}`,
      );
    }
  }
}

export function assertMayUpdate(level: AccessLevel, profile: ConnectionProfile, strategy: Strategy, patch: IdentityProviderPatch): void {
  assertNoAccessLevel(patch.access_level);
  if (level === 'readonly') refuse('identity_provider', 'the identity provider is read-only for organization administrators');
  const fields = Object.keys(patch).filter((k) => patch[k as keyof IdentityProviderPatch] !== undefined);
  if (level === 'limited') {
    const sensitive = fields.find((field) => !LIMITED_FIELDS.has(field));
    if (sensitive)
      refuse(sensitive, 'with access level limited only is_enabled, show_as_button and assign_membership_on_login can be changed');
  }
  if (patch.options) assertOptionsAllowed(profile, strategy, patch.options);
}

/** Detaching or deleting takes the connection away from the organization's login: `full` only. */
export function assertFull(level: AccessLevel, action: string): void {
  if (level !== 'full') refuse('identity_provider', `${action} needs access level full; this identity provider is ${level}`);
}

export function assertMayCreate(profile: ConnectionProfile, input: IdentityProviderInput): void {
  // A connection the organization creates is its own, with access level full.
  assertNoAccessLevel(input.access_level, 'full');
  if (!profile.strategies.includes(input.strategy)) {
    fail(
      'connection_profile_violation',
      `strategy: the connection profile does not let organizations create ${input.strategy} identity providers`,
    );
  }
  if (input.domains && input.domains.length > 0) {
    fail('connection_profile_violation', 'domains: home realm discovery domains are set by the tenant administrator');
  }
  assertOptionsAllowed(profile, input.strategy, input.options);
}
