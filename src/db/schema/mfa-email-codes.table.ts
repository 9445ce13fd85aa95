import type { Insertable, Selectable } from 'kysely';

/** Row of `mfa_email_codes`: an emailed second-factor code, as its hash, bound to a user and a login (migration 600). */
export interface MfaEmailCodeTable {
  id: string;
  user_id: string;
  /** The oidc-provider interaction (login) the code was sent for: it proves nothing in another. */
  interaction_id: string;
  /** sha256 of the login, the user and the code (email-otp.ts); the code itself is never stored. */
  code_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export type MfaEmailCodeRow = Selectable<MfaEmailCodeTable>;
export type NewMfaEmailCodeRow = Insertable<MfaEmailCodeTable>;
