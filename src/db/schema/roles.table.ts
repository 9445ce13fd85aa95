import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `roles`. JSON columns are text, booleans are integers 0/1. */
export interface RoleTable {
  id: string;
  name: string;
  description: string | null;
  created_at: string;
}

export type RoleRow = Selectable<RoleTable>;
export type NewRoleRow = Insertable<RoleTable>;
export type RoleRowUpdate = Updateable<RoleTable>;
