import { MFA_ACR, type MfaRequirement, type OrganizationMfaPolicy, SECOND_FACTOR_AMR, type TenantMfaPolicy } from './mfa.types.js';

/** What a login is, for the MFA policy. */
export interface MfaSituation {
  tenant: TenantMfaPolicy;
  /** The policy of the organization signed in to, if any. */
  organization?: OrganizationMfaPolicy;
  /** The user's role ids in that organization. */
  roles: string[];
  /** The connection the user signed in with. */
  connectionId?: string;
  /** The user has a confirmed factor to be challenged with (recovery codes alone do not count). */
  enrolled: boolean;
  /** The login's amr so far. */
  proved: string[];
  /** The application's acr_values. */
  acrValues?: string;
}

/** True when the organization's policy applies to this login: it requires MFA and neither exemption holds. */
export function organizationRequiresMfa(policy: OrganizationMfaPolicy | undefined, roles: string[], connectionId?: string): boolean {
  if (!policy?.require) return false;
  if (connectionId && policy.exempt_connections.includes(connectionId)) return false;
  return !roles.some((r) => policy.exempt_roles.includes(r));
}

/**
 * The MFA step a login needs. A second factor proved already (amr) needs nothing. MFA is required
 * by the organization's policy, the tenant's `always`, or the application asking for Auth0's
 * multi-factor acr; then an enrolled user is challenged and anyone else enrols. Under `optional` a
 * user who enrolled is challenged; under `never` nobody is, unless something above requires it.
 */
export function mfaRequirement(s: MfaSituation): MfaRequirement {
  if (s.proved.some((a) => (SECOND_FACTOR_AMR as readonly string[]).includes(a))) return 'none';
  const required =
    organizationRequiresMfa(s.organization, s.roles, s.connectionId) ||
    s.tenant === 'always' ||
    (s.acrValues?.split(' ').includes(MFA_ACR) ?? false);
  if (required) return s.enrolled ? 'challenge' : 'enrol';
  return s.tenant === 'optional' && s.enrolled ? 'challenge' : 'none';
}
