import type { Insertable, Selectable } from 'kysely';

/** Row of `grant_connections`: the connection a grant's user authenticated with. */
export interface GrantConnectionTable {
  grant_id: string;
  connection_id: string;
  user_id: string;
  client_id: string;
  created_at: string;
}

export type GrantConnectionRow = Selectable<GrantConnectionTable>;
export type NewGrantConnectionRow = Insertable<GrantConnectionTable>;
