import type { ServiceDeps } from '../services.js';
import { SYSTEM_ACTOR } from '../events/actor.js';
import { DomainError, fail } from '../errors.js';
import { iso } from '../shared/clock.js';
import { isDatabase } from '../connections/connections.types.js';
import { findOrganizationRow, findOrganizationRowByName, toOrganization } from '../organizations/organizations.queries.js';
import type { Organization } from '../organizations/organizations.types.js';
import type { UsersService } from '../users/users.service.js';
import type { UserInput } from '../users/users.types.js';
import type { InvitationsService } from '../invitations/invitations.service.js';
import type { TicketInvitation } from '../invitations/invitations.types.js';
import { createFailureThrottle } from '../rate-limits/failure-throttle.js';
import { admitToOrganization, type Admission } from './organization-admission.js';
import { loginConnections, type LoginConnection } from './login-connections.js';
import { createPasswordLogin } from './password-login.js';
import { authenticateForPasswordGrant, type PasswordGrantInput } from './password-grant.js';
import { checkGrantUse, type GrantRefusal } from './grant-use.js';
import { bindGrant, connectionOfGrants, organizationOfGrant } from './grant-bindings.js';
import type { Client } from '../clients/clients.types.js';
import { connectionPasswordPolicy } from '../users/password-checks.js';
import type { PasswordPolicy } from '../users/password-policy.js';

/** The profile fields Auth0's sign-up accepts besides email and password. */
export type SignUpProfile = Pick<UserInput, 'username' | 'given_name' | 'family_name' | 'name' | 'nickname' | 'picture' | 'user_metadata'>;

export interface SignInDeps extends ServiceDeps {
  users: UsersService;
  invitations: InvitationsService;
  throttle: { perAccount: number; perIp: number; windowSeconds: number };
}

/** Everything the hosted login needs, free of HTTP: organizations, connections, passwords, admission. */
export function createSignInService(deps: SignInDeps) {
  const { db, clock, users, invitations } = deps;
  const passwords = createPasswordLogin({
    db,
    clock,
    accountThrottle: createFailureThrottle(db, clock, { max: deps.throttle.perAccount, windowSeconds: deps.throttle.windowSeconds }),
    ipThrottle: createFailureThrottle(db, clock, { max: deps.throttle.perIp, windowSeconds: deps.throttle.windowSeconds }),
  });

  async function organizationByIdOrName(value: string): Promise<Organization | undefined> {
    const row = value.startsWith('org_') ? await findOrganizationRow(db, value) : await findOrganizationRowByName(db, value.toLowerCase());
    return row && toOrganization(row);
  }

  /**
   * Where a sign-up would create the user. Public sign-up needs a database connection that allows it
   * (the organization's is_signup_enabled, and no disable_signup). An invitation uses its connection
   * even when the organization's sign-up is off, but never one with disable_signup: as in Auth0, the
   * administrator then creates the account and the invitee signs in with it.
   */
  async function signUpTarget(
    organizationId: string | undefined,
    invitation?: TicketInvitation,
    clientId?: string,
  ): Promise<{ connection: LoginConnection; policy: PasswordPolicy }> {
    const candidates = (await loginConnections(db, organizationId, clientId)).filter((c) => isDatabase(c.strategy));
    const connection = invitation
      ? (candidates.find((c) => c.id === invitation.connection_id) ?? candidates[0])
      : candidates.find((c) => c.isSignupEnabled);
    const disabled = 'Sign-up is disabled here. Ask your administrator to create your account, then sign in with it.';
    if (!connection && candidates.some((c) => c.disableSignup)) fail('signup_disabled', disabled);
    if (!connection) {
      fail(
        'signup_disabled',
        organizationId
          ? 'Sign-up is not enabled for this organization. Ask its administrator for an invitation.'
          : 'Sign-up is not available.',
      );
    }
    if (connection.disableSignup) fail('signup_disabled', disabled);
    return { connection, policy: await connectionPasswordPolicy(db, connection.id) };
  }

  async function databaseConnectionNamed(name: string, clientId: string): Promise<LoginConnection> {
    const connection = (await loginConnections(db, undefined, clientId)).find((c) => isDatabase(c.strategy) && c.name === name);
    if (!connection) fail('connection_not_enabled', `The connection ${name} is not a database connection enabled here.`);
    return connection;
  }

  return {
    warmUp: passwords.warmUp,

    /** `organization` (id or name) or Kinde's `org_code`; undefined when there is none. */
    findOrganization: organizationByIdOrName,

    /** The connections a login in this organization (or none) may use; given the application, only those enabled for it. */
    connections: (organizationId: string | undefined, clientId?: string): Promise<LoginConnection[]> =>
      loginConnections(db, organizationId, clientId),

    /**
     * The enterprise connection whose home-realm domains contain the email's domain, whether or not it
     * is enabled for the application: home realm discovery routes to it anyway (Kinde's rule).
     */
    async homeRealm(email: string): Promise<LoginConnection | undefined> {
      const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
      const row = await db.selectFrom('connection_domains').select('connection_id').where('domain', '=', domain).executeTakeFirst();
      if (!row) return undefined;
      const all = await loginConnections(db, undefined);
      const owned = all.find((c) => c.id === row.connection_id);
      if (owned) return owned;
      const conn = await db.selectFrom('connections').select('organization_id').where('id', '=', row.connection_id).executeTakeFirst();
      return conn?.organization_id ? (await loginConnections(db, conn.organization_id)).find((c) => c.id === row.connection_id) : undefined;
    },

    /** Email + password against the database connections usable here (and enabled for the application, given one). */
    async authenticatePassword(input: { email: string; password: string; organizationId?: string; clientId?: string; ip: string }) {
      const candidates = (await loginConnections(db, input.organizationId, input.clientId)).filter((c) => isDatabase(c.strategy));
      const match = await passwords.authenticate({ ...input, connectionIds: candidates.map((c) => c.id) });
      return { ...match, connection: candidates.find((c) => c.id === match.connectionId)! };
    },

    /** The password grants of /oauth/token: the login's password, throttle and organization rules (password-grant.ts). */
    authenticateForPasswordGrant(input: PasswordGrantInput) {
      return authenticateForPasswordGrant(
        {
          findOrganization: organizationByIdOrName,
          connections: (organizationId) => loginConnections(db, organizationId, input.client.client_id),
          authenticate: passwords.authenticate,
          admit: (admission) => db.transaction().execute((trx) => admitToOrganization(trx, clock, admission)),
        },
        input,
      );
    },

    /** The connection a sign-up here would create the user in, and its password policy; throws signup_disabled. */
    signUpTarget,

    /** Creates a database user; in an organization only where its connection allows sign-up (or by invitation). */
    async signUp(input: { email: string; password: string; organizationId?: string; invitation?: TicketInvitation; clientId?: string }) {
      const { connection } = await signUpTarget(input.organizationId, input.invitation, input.clientId);
      if (input.invitation && input.invitation.invitee.email.toLowerCase() !== input.email.trim().toLowerCase()) {
        fail('invitation_invalid', `This invitation was sent to ${input.invitation.invitee.email}. Sign up with that address.`);
      }
      const user = await users.create(SYSTEM_ACTOR, { connection: connection.name, email: input.email.trim(), password: input.password });
      return { userId: user.user_id, connection };
    },

    /**
     * Auth0's `/dbconnections/signup`: a user in the named shared database connection, with the
     * connection's password policy; throws connection_not_enabled or signup_disabled (disable_signup).
     */
    async signUpInConnection(input: { clientId: string; connection: string; email: string; password: string; profile: SignUpProfile }) {
      const connection = await databaseConnectionNamed(input.connection, input.clientId);
      if (connection.disableSignup) fail('signup_disabled', 'Sign-up is disabled for this connection.');
      return users.create(SYSTEM_ACTOR, {
        ...input.profile,
        connection: connection.name,
        email: input.email.trim(),
        password: input.password,
      });
    },

    /** The shared database connection of this name enabled for the application; throws connection_not_enabled for any other. */
    databaseConnectionNamed,

    /** Validates an invitation ticket for this organization: unknown, used, expired → a clear error. */
    async invitation(ticket: string, organizationId: string): Promise<TicketInvitation> {
      const inv = await invitations.findByTicket(ticket);
      if (!inv || inv.organization_id !== organizationId)
        fail('invitation_invalid', 'This invitation link is not valid. Ask for a new invitation.');
      if (inv.accepted_at)
        fail('invitation_invalid', 'This invitation has already been used. Sign in instead, or ask for a new invitation.');
      if (Date.parse(inv.expires_at) <= clock.now().getTime())
        fail('invitation_invalid', 'This invitation has expired. Ask the person who invited you for a new one.');
      return inv;
    },

    /**
     * After the user proved who they are: admit them to the organization (or accept the invitation,
     * with its roles), all in one transaction. Throws not_a_member when no rule admits them.
     */
    async admit(input: {
      userId: string;
      organizationId: string;
      connection: LoginConnection | undefined;
      invitation?: TicketInvitation;
    }): Promise<Admission | 'invitation'> {
      return db.transaction().execute(async (trx) => {
        if (input.invitation) {
          const inv = input.invitation;
          const user = await trx.selectFrom('users').select('email_normalized').where('id', '=', input.userId).executeTakeFirstOrThrow();
          if (user.email_normalized !== inv.invitee.email.toLowerCase()) {
            throw new DomainError('invitation_invalid', `This invitation was sent to ${inv.invitee.email}. Sign in with that address.`);
          }
          const accepted = await trx
            .updateTable('invitations')
            .set({ accepted_at: iso(clock.now()) })
            .where('id', '=', inv.id)
            .where('accepted_at', 'is', null)
            .executeTakeFirst();
          if (accepted.numUpdatedRows === 0n) throw new DomainError('invitation_invalid', 'This invitation has already been used.');
          await trx
            .insertInto('organization_members')
            .values({ organization_id: input.organizationId, user_id: input.userId, created_at: iso(clock.now()) })
            .onConflict((oc) => oc.doNothing())
            .execute();
          for (const role_id of inv.roles) {
            await trx
              .insertInto('organization_member_roles')
              .values({ organization_id: input.organizationId, user_id: input.userId, role_id })
              .onConflict((oc) => oc.doNothing())
              .execute();
          }
          return 'invitation';
        }
        return admitToOrganization(trx, clock, input);
      });
    },

    /** The organizations a user belongs to, for the post-login picker. */
    async organizationsOf(userId: string): Promise<Organization[]> {
      const rows = await db
        .selectFrom('organization_members as m')
        .innerJoin('organizations as o', 'o.id', 'm.organization_id')
        .selectAll('o')
        .where('m.user_id', '=', userId)
        .orderBy('o.name')
        .limit(100)
        .execute();
      return rows.map(toOrganization);
    },

    /** True when a database account with this email can sign in here (used only for invitees). */
    async hasPasswordAccount(email: string, organizationId: string | undefined, clientId?: string): Promise<boolean> {
      const ids = (await loginConnections(db, organizationId, clientId)).filter((c) => isDatabase(c.strategy)).map((c) => c.id);
      if (ids.length === 0) return false;
      const row = await db
        .selectFrom('identities as i')
        .innerJoin('users as u', 'u.id', 'i.user_id')
        .select('u.id')
        .where('u.email_normalized', '=', email.toLowerCase())
        .where('i.connection_id', 'in', ids)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Whether a grant may still issue codes and tokens (see grant-use.ts); undefined = it may. */
    checkGrantUse: (input: {
      client: Pick<Client, 'organization_usage'>;
      userId: string;
      organizationId?: string;
      connectionId?: string;
    }): Promise<GrantRefusal | undefined> => checkGrantUse(db, input),

    /** Records a new grant's organization and the connection its user signed in with. */
    bindGrant: (input: { grantId: string; userId: string; clientId: string; organizationId?: string; connectionId?: string }) =>
      bindGrant(db, clock, input),

    /** The organization a grant was issued in. */
    organizationOfGrant: (grantId: string) => organizationOfGrant(db, grantId),

    /** The connection behind the newest of these grants (a session's), if recorded. */
    connectionOfGrants: (grantIds: string[]) => connectionOfGrants(db, grantIds),

    async isMember(organizationId: string, userId: string): Promise<boolean> {
      const row = await db
        .selectFrom('organization_members')
        .select('user_id')
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
