import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `resource_servers`. JSON columns are text, booleans are integers 0/1. */
export interface ResourceServerTable {
  id: string;
  identifier: string;
  name: string;
  scopes: string;
  signing_alg: string;
  token_lifetime: number;
  is_system: number;
  /** Which system API a system row is (`management`, `my_org`); null for the tenant's own APIs. */
  system_api: string | null;
  created_at: string;
  updated_at: string;
}

export type ResourceServerRow = Selectable<ResourceServerTable>;
export type NewResourceServerRow = Insertable<ResourceServerTable>;
export type ResourceServerRowUpdate = Updateable<ResourceServerTable>;
