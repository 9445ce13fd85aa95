import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Row of `authentication_methods`: one factor of a user (migration 500). Booleans are integers 0/1. */
export interface AuthenticationMethodTable {
  id: string;
  user_id: string;
  /** totp | webauthn-roaming | webauthn-platform | passkey | email | recovery-code */
  type: string;
  name: string | null;
  /** Enrolment finished (the first code or assertion proved it). */
  confirmed: Generated<number>;
  /** TOTP: the shared secret, encrypted (secret-box.ts). */
  secret_encrypted: string | null;
  /** TOTP: the last time step accepted (replay refusal). */
  last_step: number | string | bigint | null;
  /** WebAuthn: the credential id (base64url). */
  credential_id: string | null;
  /** WebAuthn: the COSE public key (base64url). */
  public_key: string | null;
  /** WebAuthn: the authenticator's signature counter. */
  counter: number | string | bigint | null;
  /** WebAuthn: JSON array of transports. */
  transports: string | null;
  created_at: string;
  last_auth_at: string | null;
}

/** Row of `recovery_codes`: a recovery code's hash, single-use. */
export interface RecoveryCodeTable {
  method_id: string;
  code_hash: string;
  used_at: string | null;
}

export type AuthenticationMethodRow = Selectable<AuthenticationMethodTable>;
export type NewAuthenticationMethodRow = Insertable<AuthenticationMethodTable>;
export type AuthenticationMethodRowUpdate = Updateable<AuthenticationMethodTable>;
