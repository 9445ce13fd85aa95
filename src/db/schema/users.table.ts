import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `users`. JSON columns are text, booleans are integers 0/1. */
export interface UserTable {
  id: string;
  email: string | null;
  email_normalized: string | null;
  email_verified: number;
  username: string | null;
  phone_number: string | null;
  name: string | null;
  given_name: string | null;
  family_name: string | null;
  nickname: string | null;
  picture: string | null;
  user_metadata: string;
  app_metadata: string;
  blocked: number;
  logins_count: number;
  last_login: string | null;
  created_at: string;
  updated_at: string;
}

export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserRowUpdate = Updateable<UserTable>;
