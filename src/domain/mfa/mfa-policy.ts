import { MFA_ACR, type MfaRequirement, type OrganizationMfaPolicy, SECOND_FACTOR_AMR, type TenantMfaPolicy } from './mfa.types.js';

/** True when the organization's policy applies to this login: it requires MFA and neither exemption holds. */
export function organizationRequiresMfa(policy: OrganizationMfaPolicy | undefined, roles: string[], connectionId?: string): boolean {
  if (!policy?.require) return false;
  if (connectionId && policy.exempt_connections.includes(connectionId)) return false;
  return !roles.some((r) => policy.exempt_roles.includes(r));
}

/** A value the policy may need, fetched (once) only when the answer depends on it. */
export type Lazy<T> = () => Promise<T>;

/** What a login is, for the MFA policy; what costs a query is given lazily. */
export interface LazyMfaSituation {
  tenant: TenantMfaPolicy;
  proved: string[];
  acrValues?: string;
  organization: Lazy<OrganizationMfaPolicy | undefined>;
  roles: Lazy<string[]>;
  connectionId: Lazy<string | undefined>;
  enrolled: Lazy<boolean>;
}

/**
 * The MFA step a login needs. A second factor proved already (amr) needs nothing. MFA is required
 * by the organization's policy (unless an exemption holds), the tenant's `always`, or the
 * application asking for Auth0's multi-factor acr; then an enrolled user is challenged and anyone
 * else enrols. Under `optional` a user who enrolled is challenged; under `never` nobody is, unless
 * something above requires it.
 *
 * Each input that costs a query is asked for only when it decides the answer: the authorization
 * check runs this on every request with a session, and most are settled by the session's amr or
 * the tenant policy alone (`never`, no organization, no acr: no query at all). The organization's
 * exemptions are looked up only when it requires MFA and has them; enrolment only when it changes
 * the answer.
 */
export async function mfaRequirement(s: LazyMfaSituation): Promise<MfaRequirement> {
  if (s.proved.some((a) => (SECOND_FACTOR_AMR as readonly string[]).includes(a))) return 'none';
  let required = s.tenant === 'always' || (s.acrValues?.split(' ').includes(MFA_ACR) ?? false);
  if (!required) {
    const policy = await s.organization();
    if (policy?.require)
      required = organizationRequiresMfa(
        policy,
        policy.exempt_roles.length > 0 ? await s.roles() : [],
        policy.exempt_connections.length > 0 ? await s.connectionId() : undefined,
      );
  }
  if (required) return (await s.enrolled()) ? 'challenge' : 'enrol';
  return s.tenant === 'optional' && (await s.enrolled()) ? 'challenge' : 'none';
}
