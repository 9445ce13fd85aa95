import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `organization_members`. JSON columns are text, booleans are integers 0/1. */
export interface OrganizationMemberTable {
  organization_id: string;
  user_id: string;
  created_at: string;
}

export type OrganizationMemberRow = Selectable<OrganizationMemberTable>;
export type NewOrganizationMemberRow = Insertable<OrganizationMemberTable>;
export type OrganizationMemberRowUpdate = Updateable<OrganizationMemberTable>;
