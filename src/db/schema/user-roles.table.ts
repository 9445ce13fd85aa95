import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `user_roles`. JSON columns are text, booleans are integers 0/1. */
export interface UserRoleTable {
  user_id: string;
  role_id: string;
}

export type UserRoleRow = Selectable<UserRoleTable>;
export type NewUserRoleRow = Insertable<UserRoleTable>;
export type UserRoleRowUpdate = Updateable<UserRoleTable>;
