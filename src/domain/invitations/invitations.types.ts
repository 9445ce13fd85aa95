/** An invitation to join an organization, as Auth0 shapes it. */
export interface Invitation {
  id: string;
  organization_id: string;
  inviter: { name: string };
  invitee: { email: string };
  /** The link the invitee follows: the application's login route with the ticket and organization. */
  invitation_url: string;
  created_at: string;
  expires_at: string;
  client_id: string;
  connection_id?: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  /** Role ids the invitee receives in the organization on accepting. */
  roles: string[];
  ticket_id: string;
}

/** An invitation found by its ticket, with whether it was already used (for sign-in). */
export interface TicketInvitation extends Invitation {
  accepted_at?: string;
}

export interface InvitationInput {
  inviter: { name: string };
  invitee: { email: string };
  client_id: string;
  connection_id?: string;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  /** Seconds until expiry; 0 or absent means the default (7 days). */
  ttl_sec?: number;
  roles?: string[];
  /** Email the invitation_url to the invitee (default true, as Auth0); sent by the email service. */
  send_invitation_email?: boolean;
}

/**
 * Several invitations at once, from one application (the My Organization API's shape): each invitee
 * gets their own invitation, with their own roles.
 */
export interface InviteMembersInput {
  invitees: { email: string; roles?: string[] }[];
  inviter: { name: string };
  client_id: string;
  connection_id?: string;
  /** Seconds until expiry; 0 or absent means the default (7 days). */
  ttl_sec?: number;
}
