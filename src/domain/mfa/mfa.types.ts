import type { OrganizationMfaPolicy } from '../organizations/organizations.types.js';

export type { OrganizationMfaPolicy };

/** Auth0's authentication method types Gatehouse enrols. */
export type AuthenticationMethodType = 'totp' | 'webauthn-roaming' | 'webauthn-platform' | 'passkey' | 'email' | 'recovery-code';

/** A user's authentication method, in Auth0's shape (GET /api/v2/users/{id}/authentication-methods). */
export interface AuthenticationMethod {
  id: string;
  type: AuthenticationMethodType;
  confirmed: boolean;
  name?: string;
  created_at: string;
  enrolled_at?: string;
  last_auth_at?: string;
  /** WebAuthn and passkeys: the credential id. */
  key_id?: string;
  /** WebAuthn and passkeys: the public key (base64url COSE). */
  public_key?: string;
  transports?: string[];
  relying_party_identifier?: string;
  /** Email: where codes are sent. */
  email?: string;
}

/** The tenant's MFA policy: never asked, asked of users who enrolled, or required of everyone. */
export type TenantMfaPolicy = 'never' | 'optional' | 'always';
export const TENANT_MFA_POLICIES: readonly TenantMfaPolicy[] = ['never', 'optional', 'always'];

/** What a login still needs: nothing, a challenge of an enrolled factor, or an enrolment first. */
export type MfaRequirement = 'none' | 'challenge' | 'enrol';

/** The factors a login can be challenged with or enrol, as the pages offer them. */
export type ChallengeFactor = 'totp' | 'webauthn' | 'email' | 'recovery-code';

/** The `amr` values (RFC 8176) that prove a second factor. */
export const SECOND_FACTOR_AMR = ['otp', 'hwk', 'swk', 'mfa'] as const;

/** Auth0's acr value for multi-factor authentication, asked with acr_values. */
export const MFA_ACR = 'http://schemas.openid.net/pape/policies/2007/06/multi-factor';
