import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { requestedResource } from '../../shared/authorization-params.js';
import type { SignInSubject } from '../../domain/sign-in/sign-in-events.js';
import { type LoginContext, type LoginDeps, saveState } from '../interaction.js';
import { MFA_ACR } from '../../domain/mfa/mfa.types.js';
import { afterAuthentication, type Authenticated, redirectTo } from '../flow.js';
import { attemptOf } from '../attempt.js';
import { messagePage, organizationPickerPage } from '../views/pages.js';

/** Sends the browser back to oidc-provider with a result; it then redirects to the application. */
export async function complete(deps: LoginDeps, request: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>) {
  const returnTo = await deps.provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
  return reply.code(303).header('location', returnTo).send();
}

const TITLES: Record<string, string> = {
  not_a_member: 'You are not a member of this organization',
  signup_disabled: "We can't find your account",
  account_not_found: "We can't find your account",
  user_blocked: 'This account is blocked',
  connection_not_enabled: 'This sign-in option is not available here',
  idp_denied: 'The sign-in was not completed',
  idp_email_unverified: 'Your email address is not verified',
};

/** What a refusal was about, beyond what the interaction says (its email and organization). */
export type RefusalSubject = SignInSubject & { stage?: 'login' | 'signup' };

/**
 * Explains a refusal on a page; its button sends `access_denied` to the application's callback.
 * The refusal is an event (`f`, `fs` for sign-up), unless the step that refused recorded it.
 */
export async function refuse(
  deps: LoginDeps,
  ctx: LoginContext,
  reply: FastifyReply,
  error: DomainError,
  options: { hint?: string; subject?: RefusalSubject; details?: Record<string, unknown> } = {},
) {
  const { hint } = options;
  await deps.services.signIn.refused(
    attemptOf(reply.request, ctx.client),
    error,
    { email: ctx.state.email, organizationId: ctx.state.organizationId, ...options.subject },
    options.details,
  );
  await saveState(ctx, { refusal: { error: 'access_denied', description: error.message, code: error.code } });
  const title = TITLES[error.code] ?? "We can't continue your sign-in";
  return reply
    .code(error.status)
    .type('text/html')
    .send(
      messagePage({
        title,
        message:
          error.code === 'not_a_member'
            ? `Your account is not a member of ${ctx.branding.displayName ?? 'this organization'}.`
            : error.message,
        hint:
          hint ??
          (error.code === 'not_a_member'
            ? "Your organization's administrator controls who can join: ask them to add you, to invite you, or to allow self-joining."
            : undefined),
        branding: ctx.branding,
        reference: ctx.uid,
        continueForm: { action: `/login/${ctx.uid}/abort`, csrf: ctx.csrf, label: `Back to ${ctx.client.name}` },
      }),
    );
}

/**
 * The user proved who they are (password, sign-up, an IdP, a passkey or an existing session): the
 * flow's next step (flow.ts) — the post-login organization picker, an MFA step, or the finish.
 */
export async function finishSignIn(deps: LoginDeps, ctx: LoginContext, request: FastifyRequest, reply: FastifyReply, who: Authenticated) {
  const next = await afterAuthentication(deps, ctx, request, who);
  if (next.step === 'organization_picker') {
    if (next.organizations.length === 0) {
      return refuse(deps, ctx, reply, new DomainError('not_a_member', `user ${who.userId} is not part of any organization`), {
        hint: 'This application requires an organization. Ask your administrator for an invitation.',
        subject: { userId: who.userId, connection: who.connection },
      });
    }
    await saveState(ctx, {
      authenticated: { userId: who.userId, connectionId: who.connection?.id, amr: who.amr, isNewLogin: who.isNewLogin },
    });
    return reply.type('text/html').send(
      organizationPickerPage({
        action: `/login/${ctx.uid}/organization/select`,
        csrf: ctx.csrf,
        branding: {},
        organizations: next.organizations.map((o) => ({ id: o.id, label: o.display_name ?? o.name })),
      }),
    );
  }
  if (next.step === 'finish') return finishLogin(deps, ctx, request, reply, who);
  if (next.step === 'mfa_challenge' || next.step === 'mfa_enrol') return redirectTo(ctx, reply, next);
  throw new Error(`no step follows authentication with ${next.step}`);
}

/**
 * The finish: completes the sign-in (the organization's rules, the login counted, its events),
 * issues the grant and finishes the interaction with the login's amr.
 */
export async function finishLogin(deps: LoginDeps, ctx: LoginContext, request: FastifyRequest, reply: FastifyReply, input: Authenticated) {
  const { signIn } = deps.services;
  const organizationId = ctx.state.organizationId;
  const subject = { userId: input.userId, connection: input.connection };
  const admit = organizationId !== undefined && !input.admitted;
  try {
    const invitation =
      admit && ctx.state.invitationTicket ? await signIn.invitation(ctx.state.invitationTicket, organizationId) : undefined;
    await signIn.completeSignIn(attemptOf(request, ctx.client), {
      userId: input.userId,
      connection: input.connection,
      organizationId,
      admit,
      invitation,
      newLogin: input.isNewLogin,
      amr: input.isNewLogin ? (input.amr ?? ['pwd']) : undefined,
    });
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'not_a_member' || error.code === 'invitation_invalid'))
      return refuse(deps, ctx, reply, error, { subject });
    throw error;
  }

  const params = ctx.params;
  const grantId = await deps.provider.createGrant({
    accountId: input.userId,
    clientId: ctx.client.client_id,
    scope: String(params.scope ?? 'openid'),
    resource: requestedResource(params),
    claims: typeof params.claims === 'string' ? params.claims : undefined,
    organizationId,
    connectionId: input.connection?.id,
  });
  const result: Record<string, unknown> = { consent: { grantId } };
  if (input.isNewLogin) {
    const amr = input.amr ?? ['pwd'];
    result.login = { accountId: input.userId, amr, remember: true, ...(amr.includes('mfa') ? { acr: MFA_ACR } : {}) };
  }
  return complete(deps, request, reply, result);
}
