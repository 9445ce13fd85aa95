import type { Insertable, Selectable, Updateable } from 'kysely';

// The SCIM tables of one feature, in one file: they are created, read and dropped together.

/** Row of `scim_configurations`: a connection that accepts SCIM. `mapping` is JSON. */
export interface ScimConfigurationTable {
  connection_id: string;
  user_id_attribute: string;
  mapping: string;
  created_at: string;
  updated_at: string;
}

/** Row of `scim_tokens`: the SHA-256 (hex) of a bearer token, never the token. `scopes` is JSON. */
export interface ScimTokenTable {
  id: string;
  connection_id: string;
  token_hash: string;
  scopes: string;
  valid_until: string | null;
  last_used_at: string | null;
  created_at: string;
}

/** Row of `scim_users`: a SCIM User of a connection and the Gatehouse user it is. `resource` is JSON. */
export interface ScimUserTable {
  id: string;
  connection_id: string;
  user_id: string;
  user_name: string;
  user_name_normalized: string;
  external_id: string | null;
  resource: string;
  created_at: string;
  updated_at: string;
}

/** Row of `scim_groups`. */
export interface ScimGroupTable {
  id: string;
  connection_id: string;
  display_name: string;
  display_name_normalized: string;
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

/** Row of `scim_group_members`. */
export interface ScimGroupMemberTable {
  group_id: string;
  scim_user_id: string;
}

/** Row of `group_role_mappings`: members of the group (lowercased name) hold the role in the organization. */
export interface GroupRoleMappingTable {
  organization_id: string;
  connection_id: string;
  group_name: string;
  role_id: string;
}

export type ScimConfigurationRow = Selectable<ScimConfigurationTable>;
export type ScimTokenRow = Selectable<ScimTokenTable>;
export type ScimUserRow = Selectable<ScimUserTable>;
export type NewScimUserRow = Insertable<ScimUserTable>;
export type ScimUserRowUpdate = Updateable<ScimUserTable>;
export type ScimGroupRow = Selectable<ScimGroupTable>;
export type ScimGroupRowUpdate = Updateable<ScimGroupTable>;
