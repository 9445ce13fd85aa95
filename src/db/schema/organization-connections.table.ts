import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `organization_connections`. JSON columns are text, booleans are integers 0/1. */
export interface OrganizationConnectionTable {
  organization_id: string;
  connection_id: string;
  is_enabled: number;
  assign_membership_on_login: number;
  is_signup_enabled: number;
  show_as_button: number;
  organization_access_level: string;
  organization_connection_name: string | null;
  created_at: string;
}

export type OrganizationConnectionRow = Selectable<OrganizationConnectionTable>;
export type NewOrganizationConnectionRow = Insertable<OrganizationConnectionTable>;
export type OrganizationConnectionRowUpdate = Updateable<OrganizationConnectionTable>;
