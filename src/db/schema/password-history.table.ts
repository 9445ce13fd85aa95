import type { Insertable, Selectable } from 'kysely';

/** Row of `password_history`: one earlier password hash of a database identity. */
export interface PasswordHistoryTable {
  id: string;
  identity_id: string;
  password_hash: string;
  created_at: string;
}

export type PasswordHistoryRow = Selectable<PasswordHistoryTable>;
export type NewPasswordHistoryRow = Insertable<PasswordHistoryTable>;
