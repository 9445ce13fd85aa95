import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `connections`. JSON columns are text, booleans are integers 0/1. */
export interface ConnectionTable {
  id: string;
  name: string;
  display_name: string | null;
  strategy: string;
  options: string;
  metadata: string;
  organization_id: string | null;
  is_domain_connection: number;
  created_at: string;
  updated_at: string;
}

export type ConnectionRow = Selectable<ConnectionTable>;
export type NewConnectionRow = Insertable<ConnectionTable>;
export type ConnectionRowUpdate = Updateable<ConnectionTable>;
