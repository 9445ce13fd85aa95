import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `oidc_payloads`. JSON columns are text, booleans are integers 0/1. */
export interface OidcPayloadTable {
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  /** The user the state belongs to (sessions, grants, codes, tokens), for revocation. */
  account_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: string | null;
  consumed_at: string | null;
}

export type OidcPayloadRow = Selectable<OidcPayloadTable>;
export type NewOidcPayloadRow = Insertable<OidcPayloadTable>;
export type OidcPayloadRowUpdate = Updateable<OidcPayloadTable>;
