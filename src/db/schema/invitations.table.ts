import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `invitations`. JSON columns are text, booleans are integers 0/1. */
export interface InvitationTable {
  id: string;
  organization_id: string;
  ticket_id: string;
  inviter_name: string;
  invitee_email: string;
  client_id: string;
  connection_id: string | null;
  roles: string;
  app_metadata: string;
  user_metadata: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

export type InvitationRow = Selectable<InvitationTable>;
export type NewInvitationRow = Insertable<InvitationTable>;
export type InvitationRowUpdate = Updateable<InvitationTable>;
