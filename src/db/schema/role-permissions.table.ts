import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `role_permissions`. JSON columns are text, booleans are integers 0/1. */
export interface RolePermissionTable {
  role_id: string;
  resource_server_identifier: string;
  permission_name: string;
}

export type RolePermissionRow = Selectable<RolePermissionTable>;
export type NewRolePermissionRow = Insertable<RolePermissionTable>;
export type RolePermissionRowUpdate = Updateable<RolePermissionTable>;
