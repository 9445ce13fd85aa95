/** A role: a named set of permissions, assignable to organization members. */
export interface Role {
  id: string;
  name: string;
  description?: string;
}

export interface RoleInput {
  name: string;
  description?: string;
}

export interface RolePatch {
  name?: string;
  description?: string;
}

/** A permission reference as the API takes it: a scope of a resource server. */
export interface PermissionRef {
  resource_server_identifier: string;
  permission_name: string;
}

/** A permission of a role as the API lists it. */
export interface RolePermission extends PermissionRef {
  resource_server_name: string;
  description?: string;
}
