import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { InvitationRow, NewInvitationRow } from '../../db/schema/invitations.table.js';
import { parseJson } from '../shared/json.js';
import type { TicketInvitation } from './invitations.types.js';

type Joined = InvitationRow & { organization_name: string; initiate_login_uri: string | null };

/** Invitations with what their URL is built from: the organization's name and the client's login route. */
export function invitationsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('organizations as o', 'o.id', 'i.organization_id')
    .innerJoin('clients as c', 'c.client_id', 'i.client_id')
    .selectAll('i')
    .select(['o.name as organization_name', 'c.initiate_login_uri']);
}

export async function insertInvitation(trx: Kysely<Database>, row: NewInvitationRow): Promise<void> {
  await trx.insertInto('invitations').values(row).execute();
}

/** False when the organization has no such invitation. */
export async function deleteInvitation(trx: Kysely<Database>, organizationId: string, id: string): Promise<boolean> {
  const result = await trx.deleteFrom('invitations').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Auth0's invitation link: the application's login route (`initiate_login_uri`, else ours) with
 * `invitation`, `organization` and `organization_name` query parameters.
 */
export function invitationUrl(loginRoute: string, ticketId: string, organizationId: string, organizationName: string): string {
  const url = new URL(loginRoute);
  url.searchParams.set('invitation', ticketId);
  url.searchParams.set('organization', organizationId);
  url.searchParams.set('organization_name', organizationName);
  return url.toString();
}

export function toInvitation(row: Joined, issuer: string): TicketInvitation {
  const invitation: TicketInvitation = {
    id: row.id,
    organization_id: row.organization_id,
    inviter: { name: row.inviter_name },
    invitee: { email: row.invitee_email },
    invitation_url: invitationUrl(row.initiate_login_uri ?? `${issuer}/login`, row.ticket_id, row.organization_id, row.organization_name),
    created_at: row.created_at,
    expires_at: row.expires_at,
    client_id: row.client_id,
    app_metadata: parseJson(row.app_metadata, {}),
    user_metadata: parseJson(row.user_metadata, {}),
    roles: parseJson(row.roles, []),
    ticket_id: row.ticket_id,
  };
  if (row.connection_id !== null) invitation.connection_id = row.connection_id;
  if (row.accepted_at !== null) invitation.accepted_at = row.accepted_at;
  return invitation;
}
