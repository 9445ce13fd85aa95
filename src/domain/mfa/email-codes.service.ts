import type { ServiceDeps } from '../services.js';
import type { EmailService } from '../email/email.service.js';
import { DomainError, fail } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { createFailureThrottle } from '../rate-limits/failure-throttle.js';
import { createSignInEvents, type SignInAttempt } from '../sign-in/sign-in-events.js';
import { createFactorThrottle } from './factor-throttle.js';
import type { FactorSubject } from './mfa.service.js';
import { EMAIL_CODE_SENDS, EMAIL_CODE_TTL_SECONDS, hashEmailCode, isEmailCodeShape, maskEmail, newEmailCode } from './email-otp.js';
import { consumeEmailCode, insertEmailCode, retireEmailCodes, verifiedEmailOf } from './email-codes.queries.js';
import { hasChallengeableFactor } from './enrolment.queries.js';

const AUTHENTICATOR = { authenticator: { type: 'email' } };

/** Emailed codes expire, so a wrong one is answered with the way forward: a new code. */
const WRONG_EMAIL_CODE = 'That code is not right, has expired, or was used already. Send a new code.';

/**
 * One-time codes emailed as a fallback second factor, as Auth0's email factor: not enrolled on its
 * own (it follows the user's verified email) and offered only to a user who has another factor
 * enrolled, for when that one is out of reach — so an emailed code never satisfies an MFA policy
 * for someone who never set up a real second factor. A code is bound to the login (interaction)
 * and the user, lives five minutes and works once; sending is throttled (`gd_otp_rate_limit_exceed`
 * when over), and wrong codes count in the same lockout as every factor's. Neither the code nor
 * its hash reaches an event or a log.
 */
export function createMfaEmailService(deps: ServiceDeps & { email: EmailService }) {
  const { db, clock } = deps;
  const signInEvents = createSignInEvents(deps.events);
  const sends = createFailureThrottle(db, clock, EMAIL_CODE_SENDS);
  const throttled = createFactorThrottle(deps, signInEvents);
  const subjectOf = (s: FactorSubject, email?: string) => ({
    userId: s.userId,
    email,
    organizationId: s.organizationId,
    connection: s.connection,
  });

  return {
    /**
     * Where codes would go, masked for the page (`j***@example.com`), when the fallback is open to
     * this user: a verified email and another enrolled factor. Undefined otherwise.
     */
    async available(userId: string): Promise<{ maskedEmail: string } | undefined> {
      const email = await verifiedEmailOf(db, userId);
      if (!email || !(await hasChallengeableFactor(db, userId))) return undefined;
      return { maskedEmail: maskEmail(email) };
    },

    /**
     * Emails a new code for this login (`gd_send_email`); the earlier codes of the login stop
     * working. Throws mfa_email_unavailable when the fallback is not open to the user, and
     * too_many_requests past the send limit.
     */
    async send(attempt: SignInAttempt, subject: FactorSubject, interactionId: string): Promise<{ maskedEmail: string }> {
      const email = await verifiedEmailOf(db, subject.userId);
      if (!email || !(await hasChallengeableFactor(db, subject.userId)))
        fail('mfa_email_unavailable', 'A code can be emailed only to a verified email address, as a fallback to another factor.');
      const slot = await sends.reserve(`mfa-email-send:${subject.userId}`);
      if ('waitSeconds' in slot) {
        const error = new DomainError(
          'too_many_requests',
          `Too many codes were sent. Wait ${Math.ceil(slot.waitSeconds / 60)} minutes, or use another way to verify.`,
        );
        await signInEvents.failed(db, attempt, 'gd_otp_rate_limit_exceed', subjectOf(subject, email), error, AUTHENTICATOR);
        throw error;
      }
      const code = newEmailCode();
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await retireEmailCodes(trx, subject.userId, interactionId, iso(now));
        await insertEmailCode(trx, {
          id: prefixedId('emc'),
          userId: subject.userId,
          interactionId,
          codeHash: hashEmailCode(interactionId, subject.userId, code),
          createdAt: iso(now),
          expiresAt: iso(new Date(now.getTime() + EMAIL_CODE_TTL_SECONDS * 1000)),
        });
        await signInEvents.succeeded(trx, attempt, 'gd_send_email', subjectOf(subject, email), AUTHENTICATOR);
      });
      deps.email.sendMfaCode({ to: email, code, minutes: EMAIL_CODE_TTL_SECONDS / 60, organizationId: subject.organizationId });
      return { maskedEmail: maskEmail(email) };
    },

    /** Checks a code of this login (`gd_auth_succeed`, else `gd_auth_failed`); the code is used up. */
    async verify(attempt: SignInAttempt, subject: FactorSubject, interactionId: string, code: string): Promise<void> {
      const typed = code.trim();
      await throttled(
        attempt,
        subject,
        { failed: 'gd_auth_failed', limited: 'gd_otp_rate_limit_exceed' },
        async () => {
          if (!isEmailCodeShape(typed)) return undefined;
          const used = await consumeEmailCode(db, {
            userId: subject.userId,
            interactionId,
            codeHash: hashEmailCode(interactionId, subject.userId, typed),
            now: iso(clock.now()),
          });
          return used ? true : undefined;
        },
        { wrong: WRONG_EMAIL_CODE, details: AUTHENTICATOR },
      );
      await signInEvents.succeeded(db, attempt, 'gd_auth_succeed', subjectOf(subject), AUTHENTICATOR);
    },
  };
}

export type MfaEmailService = ReturnType<typeof createMfaEmailService>;
