import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Row of `client_grants`. JSON columns are text, booleans are integers 0/1. */
export interface ClientGrantTable {
  id: string;
  client_id: string;
  audience: string;
  scope: string;
  organization_usage: string | null;
  allow_any_organization: number;
  /** `client` (client credentials) or `user` (tokens a signed-in user obtains through the client). */
  subject_type: Generated<string>;
  created_at: string;
}

export type ClientGrantRow = Selectable<ClientGrantTable>;
export type NewClientGrantRow = Insertable<ClientGrantTable>;
export type ClientGrantRowUpdate = Updateable<ClientGrantTable>;
