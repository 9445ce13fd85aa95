import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `organization_member_roles`. JSON columns are text, booleans are integers 0/1. */
export interface OrganizationMemberRoleTable {
  organization_id: string;
  user_id: string;
  role_id: string;
}

export type OrganizationMemberRoleRow = Selectable<OrganizationMemberRoleTable>;
export type NewOrganizationMemberRoleRow = Insertable<OrganizationMemberRoleTable>;
export type OrganizationMemberRoleRowUpdate = Updateable<OrganizationMemberRoleTable>;
