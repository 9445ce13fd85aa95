import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ServiceDeps } from '../services.js';
import { SYSTEM_ACTOR } from '../events/actor.js';
import { DomainError, fail } from '../errors.js';
import { isDatabase, isEnterprise } from '../connections/connections.types.js';
import { findOrganizationRow, findOrganizationRowByName, toOrganization } from '../organizations/organizations.queries.js';
import type { Organization } from '../organizations/organizations.types.js';
import type { UsersService } from '../users/users.service.js';
import type { UserInput } from '../users/users.types.js';
import type { InvitationsService } from '../invitations/invitations.service.js';
import type { TicketInvitation } from '../invitations/invitations.types.js';
import { createFailureThrottle } from '../rate-limits/failure-throttle.js';
import type { EventType } from '../events/event-types.js';
import { provisionEnterpriseLogin } from '../provisioning/provision-enterprise-login.js';
import { alignLoginGroups } from '../scim/login-groups.js';
import { provisionSocialLogin } from '../provisioning/provision-social-login.js';
import type { ProvisioningConnection, ProvisioningResult, RecordProvisioning } from '../provisioning/provisioning.types.js';
import { admitToOrganization } from './organization-admission.js';
import { loginConnections, type LoginConnection } from './login-connections.js';
import { createPasswordLogin, type PasswordRefusal } from './password-login.js';
import { authenticateForPasswordGrant, type PasswordGrantInput } from './password-grant.js';
import { type Completion, completeSignIn, countLogin } from './complete-sign-in.js';
import { createSignInEvents, refusalType, type SignInAttempt, type SignInSubject } from './sign-in-events.js';
import { createProtocolEvents } from './protocol-events.js';
import { checkGrantUse, type GrantRefusal } from './grant-use.js';
import { bindGrant, connectionOfGrants, organizationOfGrant } from './grant-bindings.js';
import type { Client } from '../clients/clients.types.js';
import { connectionPasswordPolicy } from '../users/password-checks.js';
import type { PasswordPolicy } from '../users/password-policy.js';
import { ssoRequiredError, ssoRequirementFor } from '../organization-domains/sso-enforcement.js';
import { verifiedDomains } from '../organization-domains/organization-domains.queries.js';
import { coveringDomains, domainCovered, emailDomain } from '../organization-domains/domain-name.js';

/** The profile fields Auth0's sign-up accepts besides email and password. */
export type SignUpProfile = Pick<UserInput, 'username' | 'given_name' | 'family_name' | 'name' | 'nickname' | 'picture' | 'user_metadata'>;

export interface SignInDeps extends ServiceDeps {
  users: UsersService;
  invitations: InvitationsService;
  throttle: { perAccount: number; perIp: number; windowSeconds: number };
}

/** The event of each password refusal (see PasswordRefusal). */
const PASSWORD_REFUSALS: Record<PasswordRefusal['kind'], EventType> = {
  wrong_password: 'fp',
  unknown_account: 'fu',
  blocked: 'f',
  account_throttled: 'limit_wc',
  ip_throttled: 'limit_mu',
};

type EnterpriseLogin = Parameters<typeof provisionEnterpriseLogin>[2];
type SocialLogin = Parameters<typeof provisionSocialLogin>[2];

/**
 * Everything the hosted login needs, free of HTTP: organizations, connections, passwords, admission.
 * Each outcome is an event: the methods that decide one take the attempt (where it comes from) and
 * record it, a success in the transaction of what it changed.
 */
export function createSignInService(deps: SignInDeps) {
  const { db, clock, users, invitations } = deps;
  const signInEvents = createSignInEvents(deps.events);
  const passwords = createPasswordLogin({
    db,
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

  /** Refuses a password or social sign-in (or sign-up) where an organization requires its single sign-on. */
  async function refuseWhereSsoRequired(email: string | undefined): Promise<void> {
    if (await ssoRequirementFor(db, email)) throw ssoRequiredError();
  }

  /** The verified domains an enterprise connection may vouch emails for: its owner's, and the organization's it is enabled in. */
  async function connectionVerifiedDomains(input: EnterpriseLogin): Promise<string[]> {
    const organizations = [input.connection.organizationId, input.organizationConnection ? input.requestedOrganizationId : undefined];
    const out: string[] = [];
    for (const organizationId of new Set(organizations.filter((o): o is string => o !== undefined)))
      out.push(...(await verifiedDomains(db, { organizationId })).map((d) => d.domain));
    return out;
  }

  /** Runs a sign-up: `ss` in the user's creation transaction, `fs` when it is refused (the subject as known then). */
  async function signingUp<T>(
    attempt: SignInAttempt,
    subject: SignInSubject,
    create: (record: (trx: Transaction<Database>, user: { id: string }) => Promise<void>) => Promise<T>,
  ): Promise<T> {
    try {
      return await create((trx, user) => signInEvents.succeeded(trx, attempt, 'ss', { ...subject, userId: user.id }));
    } catch (error) {
      if (error instanceof DomainError && error.expose) await signInEvents.failed(db, attempt, 'fs', subject, error);
      throw error;
    }
  }

  /**
   * What a federated login changed, in its transaction: a user created just in time, claimed or
   * merged is `user_provisioned` (details.path) — Gatehouse's code, not Auth0's `ss`: nobody signed up,
   * the connection's settings made the account — and a membership its rules added is
   * `organization_member_added` (details.reason).
   */
  function recordProvisioning(attempt: SignInAttempt, connection: ProvisioningConnection, email: string | undefined): RecordProvisioning {
    return async (trx, result: ProvisioningResult) => {
      const subject = { userId: result.userId, email, connection, organizationId: result.organizationId };
      if (result.path !== 'existing_identity')
        await signInEvents.succeeded(trx, attempt, 'user_provisioned', subject, { path: result.path });
      if (result.admission && result.admission !== 'member')
        await signInEvents.succeeded(trx, attempt, 'organization_member_added', subject, { reason: result.admission });
    };
  }

  /** A federated login's refusal (no account, not a member, blocked, connection not usable) is `f`. */
  async function federating(
    attempt: SignInAttempt,
    input: EnterpriseLogin | SocialLogin,
    provision: (record: RecordProvisioning) => Promise<ProvisioningResult>,
  ): Promise<ProvisioningResult> {
    try {
      return await provision(recordProvisioning(attempt, input.connection, input.profile.email));
    } catch (error) {
      if (error instanceof DomainError && error.expose) {
        const subject = { email: input.profile.email, connection: input.connection, organizationId: input.requestedOrganizationId };
        await signInEvents.failed(db, attempt, 'f', subject, error);
      }
      throw error;
    }
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

    /**
     * Organization discovery: the organizations whose verified domains (those used for discovery)
     * cover the email's domain, by name. Several when a parent domain and a subdomain are verified apart.
     */
    async discoverOrganizations(email: string): Promise<Organization[]> {
      const domain = emailDomain(email);
      if (!domain) return [];
      const matches = (await verifiedDomains(db, { domains: coveringDomains(domain) })).filter((d) => d.useForOrganizationDiscovery);
      const ids = [...new Set(matches.map((d) => d.organizationId))];
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('organizations').selectAll().where('id', 'in', ids).orderBy('name').execute();
      return rows.map(toOrganization);
    },

    /**
     * Home realm discovery inside an organization: when one of its verified domains covers the
     * email, its enterprise connection usable here for that domain — the one whose domain_aliases
     * name it, else its only enterprise connection.
     */
    async organizationRealm(organizationId: string, email: string, clientId?: string): Promise<LoginConnection | undefined> {
      const verified = (await verifiedDomains(db, { organizationId })).map((d) => d.domain);
      if (!domainCovered(email, verified)) return undefined;
      // A break-glass account of an organization that enforces SSO keeps its password: no redirect.
      const org = await findOrganizationRow(db, organizationId);
      if (org?.sso_enforced === 1 && !(await ssoRequirementFor(db, email))) return undefined;
      const enterprise = (await loginConnections(db, organizationId, clientId)).filter((c) => isEnterprise(c.strategy));
      return enterprise.find((c) => domainCovered(email, c.domainAliases)) ?? (enterprise.length === 1 ? enterprise[0] : undefined);
    },

    /**
     * Email + password against the database connections usable here (and enabled for the application,
     * given one). A refusal is recorded (`fp`, `fu`, `f` for a blocked user, `limit_wc`/`limit_mu`
     * for the throttle); a match is not a sign-in yet: `completeSignIn` records it.
     */
    async authenticatePassword(
      attempt: SignInAttempt,
      input: { email: string; password: string; organizationId?: string; clientId?: string },
    ) {
      const candidates = (await loginConnections(db, input.organizationId, input.clientId)).filter((c) => isDatabase(c.strategy));
      if (await ssoRequirementFor(db, input.email)) {
        const error = ssoRequiredError();
        await signInEvents.failed(db, attempt, 'f', { email: input.email.trim(), organizationId: input.organizationId }, error);
        throw error;
      }
      const report = (refusal: PasswordRefusal) =>
        signInEvents.failed(
          db,
          attempt,
          PASSWORD_REFUSALS[refusal.kind],
          {
            email: input.email.trim(),
            userId: refusal.userId,
            connection: refusal.connectionId ? { id: refusal.connectionId } : undefined,
            organizationId: input.organizationId,
          },
          refusal.error,
        );
      const match = await passwords.authenticate({ ...input, ip: attempt.ip, connectionIds: candidates.map((c) => c.id) }, report);
      return { ...match, connection: candidates.find((c) => c.id === match.connectionId)! };
    },

    /**
     * The password grants of /oauth/token: the login's password, throttle and organization rules
     * (password-grant.ts); the login is counted with the membership it adds. The token endpoint
     * records the outcome (`sepft`/`fepft`, protocolEvents).
     */
    authenticateForPasswordGrant(input: PasswordGrantInput) {
      return authenticateForPasswordGrant(
        {
          findOrganization: organizationByIdOrName,
          connections: (organizationId) => loginConnections(db, organizationId, input.client.client_id),
          authenticate: async (password) => {
            await refuseWhereSsoRequired(password.email);
            return passwords.authenticate(password);
          },
          complete: ({ userId, organizationId, connection }) =>
            db.transaction().execute(async (trx) => {
              if (organizationId) {
                const admission = await admitToOrganization(trx, clock, { organizationId, userId, connection });
                if (admission !== 'member') {
                  await signInEvents.succeeded(
                    trx,
                    input.attempt,
                    'organization_member_added',
                    { userId, email: input.email.trim(), connection, organizationId },
                    { reason: admission },
                  );
                }
              }
              await countLogin(trx, clock, userId);
            }),
        },
        input,
      );
    },

    /** The connection a sign-up here would create the user in, and its password policy; throws signup_disabled. */
    signUpTarget,

    /**
     * Creates a database user; in an organization only where its connection allows sign-up (or by
     * invitation). Records `ss`, or `fs` with the reason.
     */
    async signUp(
      attempt: SignInAttempt,
      input: { email: string; password: string; organizationId?: string; invitation?: TicketInvitation; clientId?: string },
    ) {
      const email = input.email.trim();
      const subject: SignInSubject = { email, organizationId: input.organizationId };
      return signingUp(attempt, subject, async (record) => {
        await refuseWhereSsoRequired(email);
        const { connection } = await signUpTarget(input.organizationId, input.invitation, input.clientId);
        subject.connection = connection;
        if (input.invitation && input.invitation.invitee.email.toLowerCase() !== email.toLowerCase()) {
          fail('invitation_invalid', `This invitation was sent to ${input.invitation.invitee.email}. Sign up with that address.`);
        }
        const user = await users.create(SYSTEM_ACTOR, { connection: connection.name, email, password: input.password }, record);
        return { userId: user.user_id, connection };
      });
    },

    /**
     * Auth0's `/dbconnections/signup`: a user in the named shared database connection, with the
     * connection's password policy; throws connection_not_enabled or signup_disabled (disable_signup).
     * Records `ss`, or `fs` with the reason.
     */
    async signUpInConnection(
      attempt: SignInAttempt,
      input: { clientId: string; connection: string; email: string; password: string; profile: SignUpProfile },
    ) {
      const email = input.email.trim();
      const subject: SignInSubject = { email };
      return signingUp(attempt, subject, async (record) => {
        await refuseWhereSsoRequired(email);
        const connection = await databaseConnectionNamed(input.connection, input.clientId);
        subject.connection = connection;
        if (connection.disableSignup) fail('signup_disabled', 'Sign-up is disabled for this connection.');
        return users.create(SYSTEM_ACTOR, { ...input.profile, connection: connection.name, email, password: input.password }, record);
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
     * After the user proved who they are: the organization admits them (or the invitation does, with
     * its roles), the login is counted and `s` recorded, in one transaction (complete-sign-in.ts).
     * Throws not_a_member or invitation_invalid, recorded as `f`.
     */
    completeSignIn: (attempt: SignInAttempt, input: Completion) => completeSignIn({ db, clock, signInEvents }, attempt, input),

    /** An enterprise login (provisioning rules, one transaction); its changes and refusals are events. */
    enterpriseLogin: (attempt: SignInAttempt, input: EnterpriseLogin) =>
      federating(attempt, input, async (record) =>
        provisionEnterpriseLogin(db, clock, {
          ...input,
          verifiedDomains: await connectionVerifiedDomains(input),
          record: async (trx, result) => {
            await record(trx, result);
            await alignLoginGroups(trx, { clock, events: deps.events }, attempt, input, result);
          },
        }),
      ),

    /** A Google or GitHub login (one transaction); its changes and refusals are events. */
    socialLogin: (attempt: SignInAttempt, input: SocialLogin) =>
      federating(attempt, input, async (record) => {
        await refuseWhereSsoRequired(input.profile.email);
        return provisionSocialLogin(db, clock, { ...input, record });
      }),

    /**
     * A refusal a surface found (a SAML or IdP check, a connection not usable here) or is about to
     * show: recorded as `f` (`fs` for sign-up) unless the step that refused recorded it already.
     */
    async refused(
      attempt: SignInAttempt,
      error: unknown,
      subject: SignInSubject & { stage?: 'login' | 'signup' },
      details?: Record<string, unknown>,
    ): Promise<void> {
      if (!(error instanceof DomainError) || signInEvents.wasRecorded(error)) return;
      const { stage, ...about } = subject;
      await signInEvents.failed(db, attempt, refusalType(error, stage), about, error, details);
    },

    /** Token exchanges, silent authentication, SSO and logout: the protocol layer's outcomes. */
    protocolEvents: createProtocolEvents({ db, events: deps.events, signInEvents }),

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
