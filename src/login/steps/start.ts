import type { FastifyReply } from 'fastify';
import type { DomainError } from '../../domain/errors.js';
import { isDatabase, isEnterprise } from '../../domain/connections/connections.types.js';
import { requestedOrganization } from '../../shared/authorization-params.js';
import { brandingOf, type LoginContext, type LoginDeps, saveState } from '../interaction.js';
import { identifierPage, messagePage, organizationPromptPage } from '../views/pages.js';

/** The application did something the organization settings forbid: straight back with an OAuth error. */
export class ApplicationError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/**
 * First visit of an interaction: the organization parameter against the application's
 * organization_usage, and the invitation. Runs once (true on that first visit); the outcome is kept in the state.
 */
export async function startInteraction(deps: LoginDeps, ctx: LoginContext): Promise<boolean> {
  if (ctx.state.started) return false;
  const { signIn } = deps.services;
  const wanted = requestedOrganization(ctx.params);
  const patch: Parameters<typeof saveState>[1] = { started: true };
  if (wanted) {
    if (ctx.client.organization_usage === 'deny') {
      throw new ApplicationError(
        'invalid_request',
        'the organization parameter is not allowed for this client (organization_usage is deny)',
      );
    }
    const org = await signIn.findOrganization(wanted);
    if (!org) throw new ApplicationError('invalid_request', `no organization found by that id or name: ${wanted}`);
    patch.organizationId = org.id;
    ctx.organization = org;
    ctx.branding = brandingOf(org);
  } else if (ctx.client.organization_usage === 'require' && ctx.client.organization_require_behavior === 'no_prompt') {
    throw new ApplicationError('invalid_request', 'parameter organization is required for this client');
  }
  if (typeof ctx.params.connection === 'string' && ctx.params.connection !== '') {
    // Auth0: `connection` names one of the connections this login may use, by name.
    const named = (await signIn.connections(patch.organizationId, ctx.client.client_id)).find((c) => c.name === ctx.params.connection);
    if (!named)
      throw new ApplicationError('invalid_request', `the connection was not found or is not enabled here: ${ctx.params.connection}`);
    patch.connectionId = named.id;
  }
  const ticket = typeof ctx.params.invitation === 'string' ? ctx.params.invitation : undefined;
  if (ticket) {
    if (!patch.organizationId) throw new ApplicationError('invalid_request', 'the invitation parameter needs the organization parameter');
    const invitation = await signIn.invitation(ticket, patch.organizationId);
    patch.invitationTicket = ticket;
    patch.invitationId = invitation.id;
    patch.email = invitation.invitee.email;
  } else if (typeof ctx.params.login_hint === 'string' && ctx.params.login_hint.includes('@')) {
    patch.email = ctx.params.login_hint;
  }
  await saveState(ctx, patch);
  return true;
}

/**
 * The identifier page of this interaction, with the organization's connection buttons, and passkey
 * sign-in where a database connection is usable. Rendering it writes nothing: the page's script
 * asks for the passkey challenge (steps/webauthn.ts, issuePasskeyOptions) once it finds WebAuthn,
 * so a view by someone who never uses a passkey, or a browser without JavaScript, costs no insert.
 */
export async function renderIdentifier(
  deps: LoginDeps,
  ctx: LoginContext,
  reply: FastifyReply,
  extra: { error?: string; status?: number; email?: string; passkeyError?: string } = {},
) {
  const connections = await deps.services.signIn.connections(ctx.state.organizationId, ctx.client.client_id);
  const buttons = connections
    .filter((c) => c.showAsButton && !isDatabase(c.strategy))
    .map((c) => ({ label: c.displayName, href: `/login/${ctx.uid}/sso/${c.id}` }));
  const database = connections.filter((c) => isDatabase(c.strategy));
  const hiddenOnly =
    ctx.state.organizationId !== undefined &&
    connections.length > 0 &&
    database.length === 0 &&
    buttons.length === 0 &&
    connections.every((c) => isEnterprise(c.strategy));
  const canSignUp = database.some((c) => c.isSignupEnabled);
  const passkey =
    database.length > 0
      ? { action: `/login/${ctx.uid}/passkey`, optionsUrl: `/login/${ctx.uid}/passkey/options`, error: extra.passkeyError }
      : undefined;
  return reply
    .code(extra.status ?? 200)
    .type('text/html')
    .send(
      identifierPage({
        action: `/login/${ctx.uid}/identifier`,
        csrf: ctx.csrf,
        branding: ctx.branding,
        email: extra.email ?? ctx.state.email,
        error: extra.error,
        buttons,
        noVisibleConnections: hiddenOnly,
        signupHref: canSignUp ? `/login/${ctx.uid}/signup` : undefined,
        passkey,
        notice: ctx.state.invitationId
          ? `You were invited to join ${ctx.branding.displayName}: sign in or sign up with ${ctx.state.email}.`
          : undefined,
      }),
    );
}

export function renderOrganizationPrompt(
  ctx: LoginContext,
  reply: FastifyReply,
  extra: { error?: string; value?: string; status?: number } = {},
) {
  return reply
    .code(extra.status ?? 200)
    .type('text/html')
    .send(
      organizationPromptPage({
        action: `/login/${ctx.uid}/organization`,
        csrf: ctx.csrf,
        branding: {},
        ...extra,
      }),
    );
}

/** A page for an invitation that cannot be used; the button returns to the application. */
export async function renderInvitationProblem(ctx: LoginContext, reply: FastifyReply, error: DomainError) {
  await saveState(ctx, { refusal: { error: 'access_denied', description: error.message, code: error.code } });
  return reply
    .code(400)
    .type('text/html')
    .send(
      messagePage({
        title: 'This invitation cannot be used',
        message: error.message,
        branding: ctx.branding,
        reference: ctx.uid,
        continueForm: { action: `/login/${ctx.uid}/abort`, csrf: ctx.csrf, label: `Back to ${ctx.client.name}` },
      }),
    );
}
