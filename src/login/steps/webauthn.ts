import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { isDatabase } from '../../domain/connections/connections.types.js';
import type { LoginContext, LoginDeps } from '../interaction.js';
import { attemptOf } from '../attempt.js';
import { redirectTo } from '../flow.js';
import { finishSignIn } from './finish.js';
import { renderIdentifier } from './start.js';
import { authenticatedOf, checking, enrolled, html, proved, showChallenge, subjectOf } from './mfa.js';
import { type EnrolKind, webauthnEnrolPage } from '../views/webauthn-pages.js';

/** The refusals of a passkey sign-in, shown on the sign-in page; any other is the error page. */
const PASSKEY_REFUSALS = new Set(['invalid_credentials', 'connection_not_enabled', 'user_blocked', 'sso_required']);

/** The enrolment page of a security key or passkey, with fresh options (and challenge) for this interaction. */
export async function showKeyEnrol(deps: LoginDeps, ctx: LoginContext, reply: FastifyReply, kind: EnrolKind, error?: DomainError) {
  const who = authenticatedOf(ctx);
  if (!who) return redirectTo(ctx, reply, { step: 'identify' });
  const options = await deps.services.webauthn.registrationOptions(
    ctx.uid,
    who.userId,
    kind === 'passkey' ? 'passkey' : 'second-factor',
    ctx.branding.displayName ?? ctx.client.name,
  );
  return html(
    reply,
    webauthnEnrolPage({
      action: `/login/${ctx.uid}/mfa/enrol/${kind}`,
      csrf: ctx.csrf,
      branding: ctx.branding,
      kind,
      options,
      required: true,
      error: error?.message,
      otherHref: `/login/${ctx.uid}/mfa/enrol`,
    }),
    error?.status,
  );
}

/** The credential the browser created: enrolled, it proves the second factor of this login. */
export async function submitKeyEnrol(
  deps: LoginDeps,
  ctx: LoginContext,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: EnrolKind,
  credential: string,
) {
  const who = authenticatedOf(ctx);
  if (!who) return redirectTo(ctx, reply, { step: 'identify' });
  return checking(
    async () => {
      const result = await deps.services.webauthn.enrol(
        attemptOf(request, ctx.client),
        subjectOf(ctx, who.userId),
        ctx.uid,
        kind === 'passkey' ? 'passkey' : 'second-factor',
        credential,
      );
      return enrolled(deps, ctx, request, reply, [result.amr], result.recoveryCodes);
    },
    (error) => showKeyEnrol(deps, ctx, reply, kind, error),
  );
}

/** A security key's or passkey's answer to the MFA challenge. */
export async function submitKeyChallenge(
  deps: LoginDeps,
  ctx: LoginContext,
  request: FastifyRequest,
  reply: FastifyReply,
  credential: string,
) {
  const who = authenticatedOf(ctx);
  if (!who) return redirectTo(ctx, reply, { step: 'identify' });
  return checking(
    async () => {
      const { amr } = await deps.services.webauthn.challenge(
        attemptOf(request, ctx.client),
        subjectOf(ctx, who.userId),
        ctx.uid,
        credential,
      );
      return proved(deps, ctx, request, reply, [amr]);
    },
    (error) => showChallenge(deps, ctx, reply, undefined, error),
  );
}

/**
 * The `passkey` step of flow.ts: a passkey is a first factor. Its user goes through the same
 * decision as a password login (afterAuthentication: the organization picker, the MFA policy —
 * which a passkey's user verification already satisfies — then the organization's rules).
 */
export async function signInWithPasskey(
  deps: LoginDeps,
  ctx: LoginContext,
  request: FastifyRequest,
  reply: FastifyReply,
  credential: string,
) {
  try {
    const who = await deps.services.webauthn.signIn(attemptOf(request, ctx.client), {
      interactionUid: ctx.uid,
      credential,
      organizationId: ctx.state.organizationId,
      clientId: ctx.client.client_id,
    });
    return await finishSignIn(deps, ctx, request, reply, { ...who, isNewLogin: true });
  } catch (error) {
    if (error instanceof DomainError && PASSKEY_REFUSALS.has(error.code))
      return renderIdentifier(deps, ctx, reply, { passkeyError: error.message, status: error.status });
    throw error;
  }
}

/**
 * `POST /login/:uid/passkey/options`: the identifier page's script, having found WebAuthn, asks for
 * the passkey options, and only then is the challenge issued (one row, replacing any earlier one of
 * this interaction). The plugin checked the origin, the interaction's cookie and the page's CSRF
 * token; this checks that a passkey may sign in here, as the page did before showing its form.
 */
export async function issuePasskeyOptions(deps: LoginDeps, ctx: LoginContext, reply: FastifyReply) {
  const connections = await deps.services.signIn.connections(ctx.state.organizationId, ctx.client.client_id);
  if (!connections.some((c) => isDatabase(c.strategy)))
    return reply.code(404).send({ error: 'passkey_unavailable', message: 'Passkey sign-in is not available for this login.' });
  return reply.code(200).send(await deps.services.webauthn.passkeyOptions(ctx.uid));
}
