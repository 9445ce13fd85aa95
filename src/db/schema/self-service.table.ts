import type { Selectable, Updateable } from 'kysely';

/** Row of `self_service_profiles`. `user_attributes`, `branding` and `allowed_strategies` are JSON text. */
export interface SelfServiceProfileTable {
  id: string;
  name: string;
  description: string | null;
  user_attributes: string;
  branding: string | null;
  allowed_strategies: string;
  created_at: string;
  updated_at: string;
}

/**
 * Row of `sso_tickets`. `secret_hash` and `session_hash` are SHA-256 (base64url) of the ticket's
 * secret and of its wizard session's; `config`, `state` and `issued_by` are JSON text.
 */
export interface SsoTicketTable {
  id: string;
  profile_id: string;
  secret_hash: string;
  session_hash: string | null;
  config: string;
  state: string;
  issued_by: string;
  expires_at: string;
  opened_at: string | null;
  completed_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export type SelfServiceProfileRow = Selectable<SelfServiceProfileTable>;
export type SelfServiceProfileRowUpdate = Updateable<SelfServiceProfileTable>;
export type SsoTicketRow = Selectable<SsoTicketTable>;
export type SsoTicketRowUpdate = Updateable<SsoTicketTable>;
