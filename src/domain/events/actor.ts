/**
 * Who makes a change or attempts a sign-in. Every service command takes one; the event it records
 * carries it, and rules that depend on who acts read it.
 */
export interface Actor {
  /**
   * `client`: an application with its own token (Management API client credentials);
   * `user`: a person (signing in, or an administrator's user token);
   * `scim`: a SCIM provisioning token; `sso_ticket`: a customer's IT admin in the self-service SSO
   * wizard, known only by the ticket they opened; `system`: Gatehouse itself (bootstrap, sweeps, JIT steps
   * done on nobody's behalf); `anonymous`: someone not yet identified (a failed sign-in).
   */
  type: 'client' | 'user' | 'scim' | 'sso_ticket' | 'system' | 'anonymous';
  /** client_id, user_id, SCIM token id, SSO ticket id, or `gatehouse` for the system. */
  id: string;
  name?: string;
  /** The application the actor acts through (a user token's client), when not the actor itself. */
  clientId?: string;
  /** The organization the actor acts in, when it acts as an organization's member or admin. */
  organizationId?: string;
  /**
   * The API called, when the change came through one. Such changes are Auth0's `sapi` entries
   * ("Success API Operation"); the change's own code is then `details.action`.
   */
  api?: 'management' | 'my_org' | 'my_account' | 'scim' | 'self_service';
  ip?: string;
  userAgent?: string;
}

/** Gatehouse acting on its own (bootstrap, migrations, scheduled work). */
export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'gatehouse' };
