import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { DomainError } from '../../domain/errors.js';
import { type LoginContext, type LoginDeps, saveState } from '../interaction.js';
import { attemptOf } from '../attempt.js';
import { redirectTo } from '../flow.js';
import { finishLogin } from './finish.js';
import { mfaChallengePage, recoveryCodePage, recoveryCodesPage, totpEnrolPage } from '../views/mfa-pages.js';
import { emailCodeOfferFor } from './mfa-email.js';

/** The refusals a factor page shows next to its field (a wrong code, the lockout, an enrolment gone). */
const FIELD_ERRORS = new Set(['invalid_mfa_code', 'too_many_attempts', 'inexistent_authentication_method']);

export const html = (reply: FastifyReply, page: string, status = 200) => reply.code(status).type('text/html').send(page);

/** Who the MFA steps are for: the person who proved their first factor in this interaction. */
export function authenticatedOf(ctx: LoginContext) {
  return ctx.state.authenticated;
}

export const subjectOf = (ctx: LoginContext, userId: string) => ({
  userId,
  organizationId: ctx.state.organizationId,
  connection: ctx.state.authenticated?.connectionId ? { id: ctx.state.authenticated.connectionId } : undefined,
});

/** The second factor proved: the login finishes with its amr (RFC 8176: `otp`, `hwk`, `swk`, and `mfa` for two factors). */
export async function proved(deps: LoginDeps, ctx: LoginContext, request: FastifyRequest, reply: FastifyReply, factorAmr: string[]) {
  const who = authenticatedOf(ctx)!;
  const amr = [...new Set([...(who.amr ?? ['pwd']), ...factorAmr, 'mfa'])];
  await saveState(ctx, { authenticated: { ...who, amr }, mfaEnrolment: undefined });
  return finishLogin(deps, ctx, request, reply, {
    userId: who.userId,
    connection: who.connection,
    amr,
    isNewLogin: true,
    admitted: who.admitted,
  });
}

/** Runs a factor check; its refusal is the page again with the message at the field. */
export async function checking(run: () => Promise<unknown>, again: (error: DomainError) => unknown) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError && FIELD_ERRORS.has(error.code)) return again(error);
    throw error;
  }
}

/** The challenge page: the user's enrolled factors (a security key or passkey, the app's code), or enrolment when they have none. */
export async function showChallenge(deps: LoginDeps, ctx: LoginContext, reply: FastifyReply, error?: DomainError, keyError?: DomainError) {
  const who = authenticatedOf(ctx);
  if (!who) return redirectTo(ctx, reply, { step: 'identify' });
  const factors = await deps.services.mfa.factors(who.userId);
  if (!factors.totp && !factors.webauthn) return redirectTo(ctx, reply, { step: 'mfa_enrol' });
  return html(
    reply,
    mfaChallengePage({
      action: `/login/${ctx.uid}/mfa`,
      csrf: ctx.csrf,
      branding: ctx.branding,
      error: error?.message,
      recoveryHref: factors.recoveryCodes > 0 ? `/login/${ctx.uid}/mfa/recovery` : undefined,
      totp: factors.totp,
      webauthn: factors.webauthn
        ? {
            action: `/login/${ctx.uid}/mfa/webauthn`,
            options: await deps.services.webauthn.challengeOptions(ctx.uid, who.userId),
            error: keyError?.message,
          }
        : undefined,
      emailCodeOffer: await emailCodeOfferFor(deps, ctx, who.userId),
    }),
    (error ?? keyError)?.status,
  );
}

export async function submitChallenge(deps: LoginDeps, ctx: LoginContext, request: FastifyRequest, reply: FastifyReply, code: string) {
  const who = authenticatedOf(ctx);
  if (!who) return redirectTo(ctx, reply, { step: 'identify' });
  return checking(
    async () => {
      await deps.services.mfa.challengeTotp(attemptOf(request, ctx.client), subjectOf(ctx, who.userId), code);
      return proved(deps, ctx, request, reply, ['otp']);
    },
    (error) => showChallenge(deps, ctx, reply, error),
  );
}

export function showRecovery(ctx: LoginContext, reply: FastifyReply, error?: DomainError) {
  if (!authenticatedOf(ctx)) return redirectTo(ctx, reply, { step: 'identify' });
  return html(
    reply,
    recoveryCodePage({
      action: `/login/${ctx.uid}/mfa/recovery`,
      csrf: ctx.csrf,
      branding: ctx.branding,
      error: error?.message,
      backHref: `/login/${ctx.uid}/mfa`,
    }),
    error?.status,
  );
}

export async function submitRecovery(deps: LoginDeps, ctx: LoginContext, request: FastifyRequest, reply: FastifyReply, code: string) {
  const who = authenticatedOf(ctx);
  if (!who) return redirectTo(ctx, reply, { step: 'identify' });
  return checking(
    async () => {
      await deps.services.mfa.useRecoveryCode(attemptOf(request, ctx.client), subjectOf(ctx, who.userId), code);
      return proved(deps, ctx, request, reply, []);
    },
    (error) => showRecovery(ctx, reply, error),
  );
}

/** The enrolment page: a new TOTP secret on each view (the unfinished one is replaced), as a QR code and a key. */
export async function showEnrol(deps: LoginDeps, ctx: LoginContext, reply: FastifyReply, error?: DomainError) {
  const who = authenticatedOf(ctx);
  if (!who) return redirectTo(ctx, reply, { step: 'identify' });
  // The tenant's factor switches: without TOTP, a security key is the factor to enrol (passkeys are always offered).
  const enabled = await deps.services.mfa.enabledFactors();
  const keys = enabled.includes('webauthn-roaming') || enabled.includes('webauthn-platform');
  if (!enabled.includes('otp'))
    return reply
      .code(303)
      .header('location', `/login/${ctx.uid}/mfa/enrol/${keys ? 'security-key' : 'passkey'}`)
      .send();
  const started = await deps.services.mfa.startTotp(who.userId, ctx.branding.displayName ?? ctx.client.name);
  await saveState(ctx, { mfaEnrolment: { methodId: started.id } });
  return html(
    reply,
    totpEnrolPage({
      action: `/login/${ctx.uid}/mfa/enrol`,
      csrf: ctx.csrf,
      branding: ctx.branding,
      qrDataUrl: await QRCode.toDataURL(started.uri, { margin: 1, width: 200 }),
      secret: started.secret,
      required: true,
      error: error?.message,
      securityKeyHref: keys ? `/login/${ctx.uid}/mfa/enrol/security-key` : undefined,
      passkeyHref: `/login/${ctx.uid}/mfa/enrol/passkey`,
    }),
    error?.status,
  );
}

/**
 * A factor enrolled during this login proved it: the recovery codes of a first enrolment are shown
 * once (the login finishes after them, /mfa/done), else the login finishes now.
 */
export async function enrolled(
  deps: LoginDeps,
  ctx: LoginContext,
  request: FastifyRequest,
  reply: FastifyReply,
  factorAmr: string[],
  recoveryCodes: string[],
) {
  const who = authenticatedOf(ctx)!;
  if (recoveryCodes.length === 0) return proved(deps, ctx, request, reply, factorAmr);
  await saveState(ctx, {
    authenticated: { ...who, amr: [...new Set([...(who.amr ?? ['pwd']), ...factorAmr, 'mfa'])] },
    mfaEnrolment: undefined,
  });
  return html(
    reply,
    recoveryCodesPage({ action: `/login/${ctx.uid}/mfa/done`, csrf: ctx.csrf, branding: ctx.branding, codes: recoveryCodes }),
  );
}

/** The first code confirms the enrolment; the first enrolment shows the recovery codes, once. */
export async function submitEnrol(deps: LoginDeps, ctx: LoginContext, request: FastifyRequest, reply: FastifyReply, code: string) {
  const who = authenticatedOf(ctx);
  const pending = ctx.state.mfaEnrolment;
  if (!who || !pending) return redirectTo(ctx, reply, { step: who ? 'mfa_enrol' : 'identify' });
  return checking(
    async () => {
      const { recoveryCodes } = await deps.services.mfa.confirmTotp(
        attemptOf(request, ctx.client),
        subjectOf(ctx, who.userId),
        pending.methodId,
        code,
      );
      return enrolled(deps, ctx, request, reply, ['otp'], recoveryCodes);
    },
    (error) => showEnrol(deps, ctx, reply, error),
  );
}

/** After the recovery codes were shown: the enrolment proved the factor, so the login finishes. */
export async function afterRecoveryCodes(deps: LoginDeps, ctx: LoginContext, request: FastifyRequest, reply: FastifyReply) {
  const who = authenticatedOf(ctx);
  if (!who?.amr?.includes('mfa')) return redirectTo(ctx, reply, { step: 'identify' });
  return proved(deps, ctx, request, reply, []);
}
