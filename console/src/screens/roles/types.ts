/** A role as the Management API returns it. */
export interface Role { id: string; name: string; description?: string }

export interface RolePage { roles: Role[]; start: number; limit: number; total: number }

/** A permission a role grants. */
export interface RolePermission {
  permission_name: string;
  resource_server_identifier: string;
  resource_server_name: string;
  description?: string;
}

export interface RolePermissionPage { permissions: RolePermission[]; start: number; limit: number; total: number }
