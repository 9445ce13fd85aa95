import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `clients`. JSON columns are text, booleans are integers 0/1. */
export interface ClientTable {
  client_id: string;
  client_secret: string;
  name: string;
  description: string | null;
  app_type: string | null;
  is_first_party: number;
  callbacks: string;
  allowed_logout_urls: string;
  web_origins: string;
  grant_types: string;
  token_endpoint_auth_method: string;
  initiate_login_uri: string | null;
  organization_usage: string;
  organization_require_behavior: string;
  client_metadata: string;
  created_at: string;
  updated_at: string;
}

export type ClientRow = Selectable<ClientTable>;
export type NewClientRow = Insertable<ClientTable>;
export type ClientRowUpdate = Updateable<ClientTable>;
