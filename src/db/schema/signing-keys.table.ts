import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `signing_keys`. JSON columns are text, booleans are integers 0/1. */
export interface SigningKeyTable {
  kid: string;
  alg: string;
  private_jwk: string;
  created_at: string;
  /** When the key starts signing (ISO); it is published from `created_at` on. */
  active_from: string;
  retired_at: string | null;
}

export type SigningKeyRow = Selectable<SigningKeyTable>;
export type NewSigningKeyRow = Insertable<SigningKeyTable>;
export type SigningKeyRowUpdate = Updateable<SigningKeyTable>;
