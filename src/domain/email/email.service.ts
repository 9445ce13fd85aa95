import path from 'node:path';
import type { ServiceDeps } from '../services.js';
import type { Config } from '../../config/config.js';
import { DomainError, fail } from '../errors.js';
import { iso } from '../shared/clock.js';
import { revokeUserAccess } from '../access/access-revocation.js';
import { hashPassword } from '../users/passwords.js';
import { assertPasswordAllowed, connectionPasswordPolicy, recordPasswordHistory } from '../users/password-checks.js';
import { isDatabase } from '../connections/connections.types.js';
import { loginConnections } from '../sign-in/login-connections.js';
import { createFailureThrottle } from '../rate-limits/failure-throttle.js';
import type { Invitation } from '../invitations/invitations.types.js';
import { connectionOwner, emailBranding, findOrganization } from './branding.js';
import { createMailer, type EmailLog, type OutgoingEmail } from './mailer.js';
import { type EmailTicket, findUsableTicket, newToken, storeTicket, useTicket } from './tickets.js';
import { createSignInEvents, type SignInAttempt } from '../sign-in/sign-in-events.js';
import { passwordResetEmail } from './templates/password-reset.js';
import { verifyEmailEmail } from './templates/verify-email.js';
import { usersImportEmail } from './templates/users-import.js';
import { tenantAdministratorEmails } from '../bootstrap/tenant-admin.js';
import { invitationEmail } from './templates/invitation.js';
import { mfaCodeEmail } from './templates/mfa-code.js';
import type { EmailBranding } from './templates/frame.js';

/** A password reset link lives one hour; a verification link seven days. */
export const RESET_TTL_SECONDS = 3600;
export const VERIFY_TTL_SECONDS = 7 * 86400;
/** Reset emails per address per hour: beyond this, requests are answered alike and send nothing. */
const RESET_REQUESTS_PER_HOUR = 5;
/** The only place a reset may send the person back to: the login page of their interaction. */
const RETURN_TO = /^\/login\/[A-Za-z0-9_-]{1,64}$/;

export interface EmailServiceDeps extends ServiceDeps {
  email: Config['email'];
  dataDir: string;
}

const silent: EmailLog = { info() {}, warn() {}, error() {} };

/**
 * Email for database connections: password reset and verification links (one-time tickets of
 * which only a hash is stored), invitation emails, delivered by SMTP or into the outbox folder.
 */
export function createEmailService({ db, clock, issuer, events, email: options, dataDir }: EmailServiceDeps) {
  const signInEvents = createSignInEvents(events);
  let log = silent;
  const outboxDir = path.join(dataDir, 'outbox');
  const mailer = createMailer({ smtpUrl: options.smtpUrl, from: options.from, outboxDir, clock, log: () => log });
  const resetRequests = createFailureThrottle(db, clock, { max: RESET_REQUESTS_PER_HOUR, windowSeconds: 3600 });
  const inFlight = new Set<Promise<void>>();

  /** Sends without making the caller wait; a failure is logged, never thrown. */
  function dispatch(email: OutgoingEmail): void {
    const sending = mailer
      .deliver(email)
      .catch((error: unknown) => log.error({ err: error, kind: email.kind }, 'email delivery failed'))
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  }

  async function user(userId: string) {
    const row = await db.selectFrom('users').select(['id', 'email', 'email_normalized']).where('id', '=', userId).executeTakeFirst();
    if (!row) fail('inexistent_user', 'The user does not exist.');
    return row;
  }

  async function verificationEmail(userId: string, organizationId?: string): Promise<OutgoingEmail> {
    const row = await user(userId);
    if (!row.email) fail('invalid_request', `The user ${userId} has no email address to verify.`);
    const { token, tokenHash } = newToken();
    await storeTicket(db, clock, { tokenHash, kind: 'verify_email', userId, ttlSeconds: VERIFY_TTL_SECONDS });
    const link = `${issuer}/login/verify/${token}`;
    const branding = emailBranding(await findOrganization(db, organizationId));
    return { kind: 'verify_email', to: row.email, link, ...verifyEmailEmail({ link, email: row.email, branding }) };
  }

  /** resetPassword's work, once the link's ticket was looked up. */
  async function resetWith(
    attempt: SignInAttempt,
    ticket: EmailTicket | undefined,
    password: string,
  ): Promise<{ returnTo?: string; branding: EmailBranding }> {
    if (!ticket) fail('email_link_invalid', 'This password reset link has expired or was already used. Ask for a new one.');
    // The connection's password policy, before the ticket is used: a refused password leaves the link usable.
    const policy = await connectionPasswordPolicy(db, ticket.connectionId!);
    const personal = await db
      .selectFrom('users')
      .select(['email', 'username', 'name', 'given_name', 'family_name', 'nickname'])
      .where('id', '=', ticket.userId)
      .executeTakeFirst();
    const identity = await db
      .selectFrom('identities')
      .select('id')
      .where('user_id', '=', ticket.userId)
      .where('connection_id', '=', ticket.connectionId!)
      .executeTakeFirst();
    await assertPasswordAllowed(db, { policy, password, personal: personal ?? {}, identityId: identity?.id });
    const passwordHash = await hashPassword(password);
    const account = await user(ticket.userId);
    await db.transaction().execute(async (trx) => {
      if (!(await useTicket(trx, clock, ticket.tokenHash)))
        fail('email_link_invalid', 'This password reset link has expired or was already used. Ask for a new one.');
      await trx
        .updateTable('identities')
        .set({ password_hash: passwordHash })
        .where('user_id', '=', ticket.userId)
        .where('connection_id', '=', ticket.connectionId!)
        .execute();
      if (identity) await recordPasswordHistory(trx, { policy, identityId: identity.id, passwordHash, now: iso(clock.now()) });
      await trx
        .updateTable('email_tickets')
        .set({ used_at: iso(clock.now()) })
        .where('user_id', '=', ticket.userId)
        .where('kind', '=', 'password_reset')
        .where('used_at', 'is', null)
        .execute();
      await trx
        .updateTable('users')
        .set({ updated_at: iso(clock.now()) })
        .where('id', '=', ticket.userId)
        .execute();
      // Whoever knew the old password (or holds a session or refresh token made with it) is out.
      await revokeUserAccess(trx, ticket.userId);
      // The bucket password sign-in counts failures in (src/domain/sign-in/password-login.ts).
      if (account.email_normalized)
        await trx.deleteFrom('rate_limits').where('bucket', '=', `signin:account:${account.email_normalized}`).execute();
      await signInEvents.succeeded(trx, attempt, 'scp', {
        userId: ticket.userId,
        email: account.email ?? undefined,
        connection: { id: ticket.connectionId! },
      });
    });
    return { returnTo: ticket.returnTo ?? undefined, branding: emailBranding(await connectionOwner(db, ticket.connectionId)) };
  }

  return {
    /** Where the emails go when there is no SMTP server: `<data dir>/outbox`. */
    outboxDir,

    /** Gives the service the server's logger (the composition root is built before it exists). */
    setLogger(next: EmailLog): void {
      log = next;
      if (!mailer.sendsMail) log.warn({ outboxDir }, 'GATEHOUSE_SMTP_URL is not set: emails are written to the outbox folder, not sent');
    },

    /** An organization's branding for the recovery pages; neutral for none or an unknown id. */
    branding: async (organizationId: string | undefined): Promise<EmailBranding> =>
      emailBranding(await findOrganization(db, organizationId)),

    /** Resolves once every email dispatched in the background has been handed over (tests, shutdown). */
    async idle(): Promise<void> {
      await Promise.all([...inFlight]);
    },

    /**
     * "Forgot password": emails a one-hour reset link when a database account with this email can sign
     * in here. The caller answers alike whether or not one exists; the work done is the same up to
     * the ticket insert (or, without an account, the `fcpr` event's), and delivery happens after the
     * answer so its latency reveals nothing. A link sent is `scpr`, in the ticket's transaction.
     */
    async requestPasswordReset(
      attempt: SignInAttempt,
      input: {
        email: string;
        organizationId?: string;
        returnTo?: string;
        clientId?: string;
        connection?: string;
      },
    ): Promise<void> {
      const email = input.email.trim().toLowerCase();
      const bucket = `reset:email:${email}`;
      const throttled = 'waitSeconds' in (await resetRequests.reserve(bucket));
      const { token, tokenHash } = newToken();
      // The database connections usable here (for the application, and only the named one, when given).
      const ids = (await loginConnections(db, input.organizationId, input.clientId))
        .filter((c) => isDatabase(c.strategy) && (input.connection === undefined || c.name === input.connection))
        .map((c) => c.id);
      const row =
        ids.length === 0
          ? undefined
          : await db
              .selectFrom('identities as i')
              .innerJoin('users as u', 'u.id', 'i.user_id')
              .select(['u.id as user_id', 'u.email', 'i.connection_id'])
              .where('u.email_normalized', '=', email)
              .where('i.connection_id', 'in', ids)
              .where('i.password_hash', 'is not', null)
              .orderBy('i.created_at')
              .executeTakeFirst();
      const branding = emailBranding(await findOrganization(db, input.organizationId));
      const subject = {
        email,
        userId: row?.user_id,
        connection: row ? { id: row.connection_id } : undefined,
        organizationId: input.organizationId,
      };
      if (!row || throttled) {
        const refusal = row
          ? { code: 'too_many_requests', message: 'Too many password reset requests for this address: no email was sent.' }
          : { code: 'inexistent_user', message: 'No database account with this email can sign in here: no email was sent.' };
        await signInEvents.failed(db, attempt, 'fcpr', subject, refusal);
        return;
      }
      const returnTo = input.returnTo && RETURN_TO.test(input.returnTo) ? input.returnTo : undefined;
      await db.transaction().execute(async (trx) => {
        await storeTicket(trx, clock, {
          tokenHash,
          kind: 'password_reset',
          userId: row.user_id,
          connectionId: row.connection_id,
          returnTo,
          ttlSeconds: RESET_TTL_SECONDS,
        });
        await signInEvents.requested(trx, attempt, 'scpr', subject);
      });
      const link = `${issuer}/login/reset/${token}`;
      dispatch({
        kind: 'password_reset',
        to: row.email ?? email,
        link,
        ...passwordResetEmail({ link, email: row.email ?? email, branding }),
      });
    },

    /** The account a reset link is for, or email_link_invalid when unknown, used or expired. */
    async resetTicket(token: string): Promise<{ email: string; branding: EmailBranding; returnTo?: string; minPasswordLength: number }> {
      const ticket = await findUsableTicket(db, clock, token, 'password_reset');
      if (!ticket) fail('email_link_invalid', 'This password reset link has expired or was already used. Ask for a new one.');
      const row = await user(ticket.userId);
      const policy = await connectionPasswordPolicy(db, ticket.connectionId!);
      return {
        email: row.email ?? '',
        branding: emailBranding(await connectionOwner(db, ticket.connectionId)),
        returnTo: ticket.returnTo ?? undefined,
        minPasswordLength: policy.minLength,
      };
    },

    /**
     * Sets the new password of the link's account: the ticket (and every other reset link of the user)
     * is used up, the account's failed-sign-in throttle cleared, its sessions and refresh tokens
     * revoked, and `scp` recorded, all in one transaction. A link that cannot be used, or a password
     * the policy refuses, is `fcp`.
     */
    async resetPassword(attempt: SignInAttempt, token: string, password: string): Promise<{ returnTo?: string; branding: EmailBranding }> {
      const ticket = await findUsableTicket(db, clock, token, 'password_reset');
      try {
        return await resetWith(attempt, ticket, password);
      } catch (error) {
        if (error instanceof DomainError && error.expose) {
          const subject = ticket ? { userId: ticket.userId, connection: { id: ticket.connectionId! } } : {};
          await signInEvents.failed(db, attempt, 'fcp', subject, error);
        }
        throw error;
      }
    },

    /** Emails a seven-day verification link and waits for delivery (the Management API job). */
    async sendVerification(userId: string, context: { organizationId?: string } = {}): Promise<{ createdAt: string }> {
      const createdAt = iso(clock.now());
      await mailer.deliver(await verificationEmail(userId, context.organizationId));
      return { createdAt };
    },

    /** After a sign-up: sends the verification link in the background; never throws, never delays. */
    queueVerification(userId: string, context: { organizationId?: string } = {}): void {
      const queued = verificationEmail(userId, context.organizationId)
        .then(dispatch)
        .catch((error: unknown) => log.error({ err: error }, 'verification email failed'))
        .finally(() => inFlight.delete(queued));
      inFlight.add(queued);
    },

    /**
     * Opens a verification link: the user's email becomes verified and `sv` is recorded, in one
     * transaction; email_link_invalid when unusable, recorded as `fv`.
     */
    async verifyEmail(attempt: SignInAttempt, token: string): Promise<{ email: string }> {
      const ticket = await findUsableTicket(db, clock, token, 'verify_email');
      const invalid = new DomainError('email_link_invalid', 'This verification link has expired or was already used. Ask for a new one.');
      if (!ticket) {
        await signInEvents.failed(db, attempt, 'fv', {}, invalid);
        throw invalid;
      }
      const verified = await db.transaction().execute(async (trx) => {
        if (!(await useTicket(trx, clock, ticket.tokenHash))) return undefined;
        await trx
          .updateTable('users')
          .set({ email_verified: 1, updated_at: iso(clock.now()) })
          .where('id', '=', ticket.userId)
          .execute();
        const row = await trx.selectFrom('users').select('email').where('id', '=', ticket.userId).executeTakeFirstOrThrow();
        await signInEvents.succeeded(trx, attempt, 'sv', { userId: ticket.userId, email: row.email ?? undefined });
        return { email: row.email ?? '' };
      });
      if (!verified) {
        await signInEvents.failed(db, attempt, 'fv', { userId: ticket.userId }, invalid);
        throw invalid;
      }
      return verified;
    },

    /** Emails an invitation's link to the invitee, with the organization's branding. Failures are logged. */
    async sendInvitation(invitation: Invitation): Promise<void> {
      try {
        const org = await findOrganization(db, invitation.organization_id);
        const client = await db.selectFrom('clients').select('name').where('client_id', '=', invitation.client_id).executeTakeFirst();
        const branding = emailBranding(org);
        await mailer.deliver({
          kind: 'invitation',
          to: invitation.invitee.email,
          link: invitation.invitation_url,
          ...invitationEmail({
            link: invitation.invitation_url,
            inviterName: invitation.inviter.name,
            organizationName: branding.displayName ?? 'an organization',
            applicationName: client?.name,
            expiresAt: new Date(invitation.expires_at),
            branding,
          }),
        });
      } catch (error) {
        log.error({ err: error, invitation: invitation.id }, 'invitation email failed');
      }
    },

    /**
     * Emails a second-factor code (domain/mfa/email-codes.service.ts decides when) in the background:
     * the sign-in page does not wait for SMTP, and a delivery failure is logged without the code.
     */
    sendMfaCode(input: { to: string; code: string; minutes: number; organizationId?: string }): void {
      const queued = findOrganization(db, input.organizationId)
        .then((org) =>
          dispatch({
            kind: 'mfa_code',
            to: input.to,
            ...mfaCodeEmail({ code: input.code, minutes: input.minutes, branding: emailBranding(org) }),
          }),
        )
        .catch((error: unknown) => log.error({ err: error }, 'verification code email failed'))
        .finally(() => inFlight.delete(queued));
      inFlight.add(queued);
    },

    /**
     * Tells the tenant's administrators (the console's Tenant Administrator role) that a users import
     * ended, with its summary; sent when the job asked for it (`send_completion_email`). Delivered
     * after the job's end committed; a failure is logged, never thrown.
     */
    async sendUsersImportCompletion(input: Omit<Parameters<typeof usersImportEmail>[0], 'link'>): Promise<void> {
      const link = `${issuer}/console/users/import?job=${encodeURIComponent(input.jobId)}`;
      try {
        for (const to of await tenantAdministratorEmails(db))
          await mailer.deliver({ kind: 'users_import', to, link, ...usersImportEmail({ ...input, link }) });
      } catch (error) {
        log.error({ err: error, job: input.jobId }, 'users import completion email failed');
      }
    },

    close(): void {
      mailer.close();
    },
  };
}

export type EmailService = ReturnType<typeof createEmailService>;
