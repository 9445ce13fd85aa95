import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { type LoginContext, type LoginDeps, saveState } from '../interaction.js';
import { attemptOf } from '../attempt.js';
import { redirectTo } from '../flow.js';
import { proved, showChallenge } from './mfa.js';
import { emailCodeOffer, emailCodePage } from '../views/mfa-email-pages.js';

/**
 * The emailed code, the fallback second factor (domain/mfa/email-codes.service.ts): offered on the
 * challenge page to a user with a verified email, sent by a POST, typed on its own page. It proves
 * a second factor without being one RFC 8176 names, so the login's amr gains `mfa` alone, as
 * Auth0's does for its email factor.
 */

const paths = (ctx: LoginContext) => ({
  send: `/login/${ctx.uid}/mfa/email/send`,
  page: `/login/${ctx.uid}/mfa/email`,
  challenge: `/login/${ctx.uid}/mfa`,
});

const subjectOf = (ctx: LoginContext, userId: string) => ({
  userId,
  organizationId: ctx.state.organizationId,
  connection: ctx.state.authenticated?.connectionId ? { id: ctx.state.authenticated.connectionId } : undefined,
});

/** The "Email me a code instead" form for the challenge page, when the fallback is open to this user. */
export async function emailCodeOfferFor(deps: LoginDeps, ctx: LoginContext, userId: string) {
  return (await deps.services.mfaEmail.available(userId)) ? emailCodeOffer({ action: paths(ctx).send, csrf: ctx.csrf }) : undefined;
}

function render(ctx: LoginContext, reply: FastifyReply, maskedEmail: string, options: { error?: DomainError; notice?: string } = {}) {
  const { send, page, challenge } = paths(ctx);
  return reply
    .code(options.error?.status ?? 200)
    .type('text/html')
    .send(
      emailCodePage({
        action: page,
        resendAction: send,
        backHref: challenge,
        csrf: ctx.csrf,
        branding: ctx.branding,
        maskedEmail,
        error: options.error?.message,
        notice: options.notice,
      }),
    );
}

/** Sends a code (a new one each time: the earlier ones stop working), then sends the browser to where to type it. */
export async function sendEmailCode(deps: LoginDeps, ctx: LoginContext, request: FastifyRequest, reply: FastifyReply) {
  const who = ctx.state.authenticated;
  if (!who) return redirectTo(ctx, reply, { step: 'identify' });
  try {
    const sent = await deps.services.mfaEmail.send(attemptOf(request, ctx.client), subjectOf(ctx, who.userId), ctx.uid);
    await saveState(ctx, { mfaEmail: { maskedEmail: sent.maskedEmail, sends: (ctx.state.mfaEmail?.sends ?? 0) + 1 } });
    // Post/redirect/get: reloading the code page must not send another email.
    return reply.code(303).header('location', paths(ctx).page).send();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'too_many_requests' && ctx.state.mfaEmail) return render(ctx, reply, ctx.state.mfaEmail.maskedEmail, { error });
    if (error.code === 'too_many_requests' || error.code === 'mfa_email_unavailable') return showChallenge(deps, ctx, reply, error);
    throw error;
  }
}

/** The code page again (a reload): only once a code was sent in this login. */
export function showEmailCode(ctx: LoginContext, reply: FastifyReply) {
  if (!ctx.state.authenticated || !ctx.state.mfaEmail) return redirectTo(ctx, reply, { step: 'mfa_challenge' });
  const { maskedEmail, sends } = ctx.state.mfaEmail;
  return render(ctx, reply, maskedEmail, { notice: sends > 1 ? 'We sent a new code. Only the newest code works.' : undefined });
}

/** The typed code: right, the login finishes; wrong or locked, the page again with the message at the field. */
export async function submitEmailCode(deps: LoginDeps, ctx: LoginContext, request: FastifyRequest, reply: FastifyReply, code: string) {
  const who = ctx.state.authenticated;
  const sent = ctx.state.mfaEmail;
  if (!who || !sent) return redirectTo(ctx, reply, { step: 'mfa_challenge' });
  try {
    await deps.services.mfaEmail.verify(attemptOf(request, ctx.client), subjectOf(ctx, who.userId), ctx.uid, code);
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'invalid_mfa_code' || error.code === 'too_many_attempts'))
      return render(ctx, reply, sent.maskedEmail, { error });
    throw error;
  }
  await saveState(ctx, { mfaEmail: undefined });
  return proved(deps, ctx, request, reply, []);
}
