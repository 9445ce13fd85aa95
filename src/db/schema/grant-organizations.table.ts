import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `grant_organizations`. */
export interface GrantOrganizationTable {
  grant_id: string;
  organization_id: string;
  user_id: string;
  client_id: string;
  created_at: string;
}

export type GrantOrganizationRow = Selectable<GrantOrganizationTable>;
export type NewGrantOrganizationRow = Insertable<GrantOrganizationTable>;
export type GrantOrganizationRowUpdate = Updateable<GrantOrganizationTable>;
