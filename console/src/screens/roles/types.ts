import type { Role, RolePermission } from '../../api/resources';

export type { Role, RolePermission };

export interface RolePage {
  roles: Role[];
  start: number;
  limit: number;
  total: number;
}

export interface RolePermissionPage {
  permissions: RolePermission[];
  start: number;
  limit: number;
  total: number;
}
