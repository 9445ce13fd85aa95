import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `email_tickets`. */
export interface EmailTicketTable {
  token_hash: string;
  kind: string;
  user_id: string;
  connection_id: string | null;
  return_to: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export type EmailTicketRow = Selectable<EmailTicketTable>;
export type NewEmailTicketRow = Insertable<EmailTicketTable>;
export type EmailTicketRowUpdate = Updateable<EmailTicketTable>;
