import type { ServiceDeps } from '../services.js';
import type { EmailService } from '../email/email.service.js';
import type { Actor } from '../events/actor.js';
import { findUserRow, userSubject } from '../users/users.queries.js';

/** Auth0's Management API jobs Gatehouse runs: the verification email. */
export function createJobsService({ db, events, email }: ServiceDeps & { email: EmailService }) {
  return {
    /**
     * Emails a verification link, then records Auth0's `svr` (Success Verification Email Request).
     * The email service stores the link's ticket on its own before delivering; the event follows a
     * delivery that succeeded, so a job that failed records none (the Management API records `fapi`).
     */
    async sendVerificationEmail(actor: Actor, userId: string, context: { organizationId?: string } = {}): Promise<{ createdAt: string }> {
      const job = await email.sendVerification(userId, context);
      const user = await findUserRow(db, userId);
      await events.record(db, actor, {
        type: 'svr',
        ...userSubject(user ?? { id: userId }),
        ...(context.organizationId ? { organizationId: context.organizationId } : {}),
        details: { job: 'verification_email' },
      });
      return job;
    },
  };
}

export type JobsService = ReturnType<typeof createJobsService>;
