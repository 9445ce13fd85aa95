import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `identities`. JSON columns are text, booleans are integers 0/1. */
export interface IdentityTable {
  id: string;
  user_id: string;
  connection_id: string;
  provider: string;
  provider_user_id: string | null;
  pending_email: string | null;
  is_social: number;
  profile_data: string;
  password_hash: string | null;
  created_at: string;
}

export type IdentityRow = Selectable<IdentityTable>;
export type NewIdentityRow = Insertable<IdentityTable>;
export type IdentityRowUpdate = Updateable<IdentityTable>;
