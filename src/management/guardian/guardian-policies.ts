import type { TenantMfaPolicy } from '../../domain/mfa/mfa.types.js';
import { fail, invalidInput } from '../../domain/errors.js';

/** Auth0's policy names, and Gatehouse's one more (see docs/mfa.md, "Tenant policy"). */
export const GUARDIAN_POLICIES = ['all-applications', 'confidence-score', 'gatehouse-never'] as const;
export type GuardianPolicy = (typeof GUARDIAN_POLICIES)[number];

/**
 * Auth0's policy list for the tenant's policy. `[]` is Gatehouse's default, `optional`: no policy
 * requires a second factor, and whoever enrolled one answers it (Auth0 needs an Action for that).
 * `gatehouse-never` asks nobody, unless an organization's policy or the application's acr_values do.
 */
export function toGuardianPolicies(policy: TenantMfaPolicy): GuardianPolicy[] {
  if (policy === 'always') return ['all-applications'];
  return policy === 'never' ? ['gatehouse-never'] : [];
}

/** The tenant's policy for Auth0's list; Adaptive MFA (`confidence-score`) is refused, named. */
export function fromGuardianPolicies(policies: GuardianPolicy[]): TenantMfaPolicy {
  if (policies.includes('confidence-score'))
    fail(
      'operation_not_supported',
      'The confidence-score policy (Adaptive MFA) is not supported: set [] or ["all-applications"] (or Gatehouse\'s ["gatehouse-never"]).',
    );
  const distinct = [...new Set(policies)];
  if (distinct.length > 1) invalidInput('policies', 'The policies are mutually exclusive: set one at the most');
  if (distinct[0] === 'all-applications') return 'always';
  return distinct[0] === 'gatehouse-never' ? 'never' : 'optional';
}
