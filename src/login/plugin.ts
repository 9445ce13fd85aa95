import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { Type } from 'typebox';
import { errors as oidcErrors } from 'oidc-provider';
import { DomainError } from '../domain/errors.js';
import { describePasswordFailure, PasswordPolicyError, type PasswordPolicy } from '../domain/users/password-policy.js';
import { isEmailAddress } from '../domain/users/email-address.js';
import { csrfValid, loadLogin, saveState, type LoginContext, type LoginDeps } from './interaction.js';
import { finishOidc, finishSaml, refuseUnsolicited, startFederation } from './steps/federate.js';
import { acceptSamlResponse } from './steps/accept-saml-response.js';
import { complete, finishSignIn, refuse } from './steps/finish.js';
import { ApplicationError, renderIdentifier, renderInvitationProblem, renderOrganizationPrompt, startInteraction } from './steps/start.js';
import { LOGIN_CSS } from '../shared/pages/layout.js';
import { messagePage, organizationPickerPage, passwordPage, signupPage } from './views/pages.js';
import type { Organization } from '../domain/organizations/organizations.types.js';
import { addPageHeaders } from '../shared/pages/headers.js';
import { sessionLoginConnection } from './steps/session-login.js';
import { sendRequestProblem } from './request-problems.js';
import { refuseNulCharacters } from './refuse-nul.js';
import { attemptOf } from './attempt.js';
import { EmptyForm, IdentifierForm, OrganizationChoiceForm, OrganizationNameForm, PasswordForm, SignupForm } from './forms.js';
import { afterEmail, firstStep, type Next, redirectTo } from './flow.js';
import { MFA_ROUTES, PasskeyBody, passkeyCredential } from './mfa-routes.js';
import { issuePasskeyOptions, signInWithPasskey } from './steps/webauthn.js';
import { WEBAUTHN_ASSETS } from './assets/assets.js';

const Uid = Type.Object({ uid: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });

type Handler = (ctx: LoginContext, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * The hosted login (`/login`): server-rendered pages, usable without JavaScript but for WebAuthn
 * (security keys, passkeys: our script files, never inline), for the interactions oidc-provider
 * hands over. Every POST carries a CSRF token bound to the interaction.
 */
export const loginPlugin: FastifyPluginAsync<LoginDeps> = async (app, deps) => {
  const { signIn } = deps.services;
  // SAML responses arrive as form posts of a few hundred kilobytes at most; the SAML layer caps them.
  await app.register(formbody, { bodyLimit: 512 * 1024 });

  addPageHeaders(app, { scriptsSelf: true });
  refuseNulCharacters(app);

  app.setErrorHandler((error, request, reply) => {
    if (sendRequestProblem(error, request, reply)) return reply;
    const expired = error instanceof oidcErrors.SessionNotFound || (error as { name?: string }).name === 'SessionNotFound';
    if (!expired && !(error instanceof DomainError && error.expose)) request.log.error({ err: error }, 'login failure');
    // Upstream IdP problems are shown to the person in plain words; the admin-facing log says what the IdP answered.
    if (error instanceof DomainError && error.code.startsWith('idp_'))
      request.log.warn({ code: error.code, cause: error.cause }, 'identity provider failure');
    const status = expired ? 400 : error instanceof DomainError && error.expose ? error.status : 500;
    return reply
      .code(status)
      .type('text/html')
      .send(
        messagePage({
          title: expired ? 'Your sign-in has expired' : 'Something went wrong',
          message: expired
            ? 'This sign-in page is no longer valid. Go back to the application and sign in again.'
            : error instanceof DomainError && error.expose
              ? error.message
              : 'We could not complete your sign-in. Try again from the application.',
          branding: {},
          reference: request.id,
        }),
      );
  });

  /** Loads the interaction, checks CSRF on POST, runs the first-visit checks, then the handler. */
  function step(handler: Handler) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const ctx = await loadLogin(deps, request, reply);
      if (request.method === 'POST' && !csrfValid(deps.csrfSecret, ctx.uid, (request.body as Record<string, unknown> | undefined)?._csrf)) {
        return reply
          .code(403)
          .type('text/html')
          .send(
            messagePage({
              title: 'This form has expired',
              message: 'Reload the page and try again.',
              branding: ctx.branding,
              reference: ctx.uid,
            }),
          );
      }
      try {
        ctx.firstVisit = await startInteraction(deps, ctx);
      } catch (error) {
        if (error instanceof ApplicationError)
          return complete(deps, request, reply, { error: error.error, error_description: error.description });
        if (error instanceof DomainError && error.code === 'invitation_invalid') {
          await saveState(ctx, { started: true });
          await signIn.refused(attemptOf(request, ctx.client), error, { email: ctx.state.email });
          return renderInvitationProblem(ctx, reply, error);
        }
        throw error;
      }
      return handler(ctx, request, reply);
    };
  }

  // Each POST's body schema (forms.ts) made every field a bounded string or absent.
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, string | undefined>;

  app.get('/assets/login.css', async (_request, reply) =>
    reply.type('text/css').header('cache-control', 'public, max-age=3600').send(LOGIN_CSS),
  );
  // The WebAuthn pages' scripts: content-hashed names, so they are cached for a year and never stale.
  for (const asset of WEBAUTHN_ASSETS)
    app.get(asset.path.slice('/login'.length), async (_request, reply) =>
      reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body),
    );

  // Invitation links (`invitation_url`) land here: hand them to the application that starts the login.
  app.get(
    '/',
    {
      schema: {
        querystring: Type.Object({
          invitation: Type.Optional(Type.String({ maxLength: 64 })),
          organization: Type.Optional(Type.String({ maxLength: 64 })),
          organization_name: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
    },
    async (request, reply) => {
      const query = request.query as { invitation?: string; organization?: string; organization_name?: string };
      const invitation = query.invitation ? await deps.services.invitations.findByTicket(query.invitation) : undefined;
      const client = invitation ? await deps.services.clients.get(invitation.client_id).catch(() => undefined) : undefined;
      if (invitation && client?.initiate_login_uri) {
        const target = new URL(client.initiate_login_uri);
        for (const [key, value] of Object.entries(query)) if (value) target.searchParams.set(key, value);
        return reply.code(302).header('location', target.toString()).send();
      }
      return reply
        .code(invitation ? 200 : 404)
        .type('text/html')
        .send(
          messagePage({
            title: invitation ? 'Open the application to accept' : 'This link is not valid',
            message: invitation
              ? `Open ${client?.name ?? 'the application'} and sign in with ${invitation.invitee.email} to accept your invitation.`
              : 'This invitation link is not valid. Ask for a new invitation.',
            branding: {},
            reference: request.id,
          }),
        );
    },
  );

  app.get(
    '/:uid',
    { schema: { params: Uid } },
    step(async (ctx, request, reply) => {
      const next = await firstStep(deps, ctx, { connection: () => sessionLoginConnection(deps, ctx) }, () =>
        signUpTarget(ctx).then(
          () => true,
          (error: unknown) => {
            if (isSignupDisabled(error)) return false;
            throw error;
          },
        ),
      );
      return follow(ctx, request, reply, next);
    }),
  );

  app.post(
    '/:uid/organization',
    { schema: { params: Uid, body: OrganizationNameForm } },
    step(async (ctx, request, reply) => {
      const name = (body(request).organization_name ?? '').trim().toLowerCase();
      // A work email instead of a name: organization discovery by its verified domain.
      if (isEmailAddress(name)) {
        const found = await signIn.discoverOrganizations(name);
        if (found.length > 1) {
          await saveState(ctx, { email: name });
          return renderDiscoveredOrganizations(ctx, reply, found);
        }
        if (found.length === 1) {
          await saveState(ctx, { organizationId: found[0].id });
          return continueWithEmail(ctx, request, reply, name);
        }
        return renderOrganizationPrompt(ctx, reply, {
          value: name,
          status: 400,
          error: 'We could not find an organization for this email address. Enter your organization name instead.',
        });
      }
      const org = name ? await signIn.findOrganization(name) : undefined;
      if (!org) {
        return renderOrganizationPrompt(ctx, reply, {
          value: name,
          status: 400,
          error: name
            ? `We could not find an organization named "${name}". Check the name with your administrator.`
            : 'Enter your organization name.',
        });
      }
      await saveState(ctx, { organizationId: org.id });
      return reply.code(303).header('location', `/login/${ctx.uid}`).send();
    }),
  );

  app.post(
    '/:uid/organization/select',
    { schema: { params: Uid, body: OrganizationChoiceForm } },
    step(async (ctx, request, reply) => {
      const chosen = body(request).organization ?? '';
      const authenticated = ctx.state.authenticated;
      if (!authenticated) return reply.code(303).header('location', `/login/${ctx.uid}`).send();
      if (!(await signIn.isMember(chosen, authenticated.userId))) {
        return refuse(
          deps,
          ctx,
          reply,
          new DomainError('not_a_member', `user ${authenticated.userId} is not part of the ${chosen} organization`),
          {
            subject: {
              userId: authenticated.userId,
              connection: authenticated.connectionId ? { id: authenticated.connectionId } : undefined,
            },
            details: { requested_organization: chosen },
          },
        );
      }
      const connection = (await signIn.connections(chosen, ctx.client.client_id)).find((c) => c.id === authenticated.connectionId);
      if (!connection) {
        // Signed in through a connection this organization does not accept: its own sign-in options.
        await saveState(ctx, { organizationId: chosen, authenticated: undefined });
        return reply.code(303).header('location', `/login/${ctx.uid}`).send();
      }
      await saveState(ctx, { organizationId: chosen });
      return finishSignIn(deps, ctx, request, reply, {
        userId: authenticated.userId,
        connection,
        amr: authenticated.amr,
        isNewLogin: true,
      });
    }),
  );

  app.post(
    '/:uid/identifier',
    { schema: { params: Uid, body: IdentifierForm } },
    step(async (ctx, request, reply) => {
      const email = (body(request).email ?? '').trim();
      if (!isEmailAddress(email)) {
        return renderIdentifier(deps, ctx, reply, { email, status: 400, error: 'Enter a valid email address, like name@example.com.' });
      }
      return continueWithEmail(ctx, request, reply, email);
    }),
  );

  /** Takes the flow's next step (flow.ts): a page of this request, or a redirect to the step's page. */
  async function follow(ctx: LoginContext, request: FastifyRequest, reply: FastifyReply, next: Next): Promise<unknown> {
    switch (next.step) {
      case 'organization_prompt':
        return renderOrganizationPrompt(ctx, reply);
      case 'identify':
        return renderIdentifier(deps, ctx, reply);
      case 'organizations':
        return renderDiscoveredOrganizations(ctx, reply, next.organizations);
      case 'authenticated':
        return finishSignIn(deps, ctx, request, reply, next.who);
      default:
        return redirectTo(ctx, reply, next);
    }
  }

  const continueWithEmail = async (ctx: LoginContext, request: FastifyRequest, reply: FastifyReply, email: string) =>
    follow(ctx, request, reply, await afterEmail(deps, ctx, email));

  const renderDiscoveredOrganizations = (ctx: LoginContext, reply: FastifyReply, organizations: Organization[]) =>
    reply.type('text/html').send(
      organizationPickerPage({
        action: `/login/${ctx.uid}/organization/discover`,
        csrf: ctx.csrf,
        branding: {},
        organizations: organizations.map((o) => ({ id: o.id, label: o.display_name ?? o.name })),
      }),
    );

  // The choice among the organizations whose verified domains cover the email (several matched).
  app.post(
    '/:uid/organization/discover',
    { schema: { params: Uid, body: OrganizationChoiceForm } },
    step(async (ctx, request, reply) => {
      const email = ctx.state.email;
      if (!email || ctx.state.organizationId) return reply.code(303).header('location', `/login/${ctx.uid}`).send();
      const chosen = (await signIn.discoverOrganizations(email)).find((o) => o.id === body(request).organization);
      if (!chosen) return reply.code(303).header('location', `/login/${ctx.uid}`).send();
      await saveState(ctx, { organizationId: chosen.id });
      return continueWithEmail(ctx, request, reply, email);
    }),
  );

  const renderPassword = (ctx: LoginContext, reply: FastifyReply, error?: string, status = 200) =>
    reply
      .code(status)
      .type('text/html')
      .send(
        passwordPage({
          action: `/login/${ctx.uid}/password`,
          csrf: ctx.csrf,
          branding: ctx.branding,
          email: ctx.state.email!,
          error,
          changeEmailHref: `/login/${ctx.uid}`,
          forgotHref: deps.passwordResetHref?.(ctx),
        }),
      );

  app.get(
    '/:uid/password',
    { schema: { params: Uid } },
    step(async (ctx, _request, reply) => {
      if (!ctx.state.email) return reply.code(303).header('location', `/login/${ctx.uid}`).send();
      return renderPassword(ctx, reply);
    }),
  );

  app.post(
    '/:uid/password',
    { schema: { params: Uid, body: PasswordForm } },
    step(async (ctx, request, reply) => {
      if (!ctx.state.email) return reply.code(303).header('location', `/login/${ctx.uid}`).send();
      try {
        const match = await signIn.authenticatePassword(attemptOf(request, ctx.client), {
          email: ctx.state.email,
          password: body(request).password ?? '',
          organizationId: ctx.state.organizationId,
          clientId: ctx.client.client_id,
        });
        return await finishSignIn(deps, ctx, request, reply, {
          userId: match.userId,
          connection: match.connection,
          amr: ['pwd'],
          isNewLogin: true,
        });
      } catch (error) {
        if (
          error instanceof DomainError &&
          ['invalid_credentials', 'too_many_attempts', 'user_blocked', 'sso_required'].includes(error.code)
        ) {
          return renderPassword(ctx, reply, error.message, error.status);
        }
        throw error;
      }
    }),
  );

  const renderSignup = (
    ctx: LoginContext,
    reply: FastifyReply,
    target: { policy: PasswordPolicy },
    errors: { email?: string; password?: string; form?: string } = {},
    status = 200,
    email?: string,
  ) =>
    reply
      .code(status)
      .type('text/html')
      .send(
        signupPage({
          action: `/login/${ctx.uid}/signup`,
          csrf: ctx.csrf,
          branding: ctx.branding,
          errors,
          minPasswordLength: target.policy.minLength,
          email: email ?? ctx.state.email,
          emailLocked: Boolean(ctx.state.invitationId),
          loginHref: `/login/${ctx.uid}`,
          title: ctx.state.invitationId ? `Join ${ctx.branding.displayName}` : undefined,
        }),
      );

  // Where this interaction's sign-up would create the user; throws signup_disabled (disable_signup, no organization sign-up).
  const signUpTarget = async (ctx: LoginContext) =>
    signIn.signUpTarget(
      ctx.state.organizationId,
      ctx.state.invitationTicket ? await signIn.invitation(ctx.state.invitationTicket, ctx.state.organizationId!) : undefined,
      ctx.client.client_id,
    );
  const isSignupDisabled = (error: unknown): error is DomainError => error instanceof DomainError && error.code === 'signup_disabled';
  const refuseSignUp = (ctx: LoginContext, reply: FastifyReply, error: unknown) => {
    if (!isSignupDisabled(error)) throw error;
    return refuse(deps, ctx, reply, error, {
      hint: "Your organization's administrator controls who can join: ask them for an invitation or to allow self-joining.",
      subject: { stage: 'signup' },
    });
  };

  app.get(
    '/:uid/signup',
    { schema: { params: Uid } },
    step(async (ctx, _request, reply) => {
      try {
        return renderSignup(ctx, reply, await signUpTarget(ctx));
      } catch (error) {
        return refuseSignUp(ctx, reply, error);
      }
    }),
  );

  app.post(
    '/:uid/signup',
    { schema: { params: Uid, body: SignupForm } },
    step(async (ctx, request, reply) => {
      const form = body(request);
      const email = ctx.state.invitationId ? ctx.state.email! : (form.email ?? '').trim();
      const password = form.password ?? '';
      let target: { policy: PasswordPolicy };
      try {
        target = await signUpTarget(ctx);
      } catch (error) {
        return refuseSignUp(ctx, reply, error);
      }
      if (!isEmailAddress(email)) {
        return renderSignup(ctx, reply, target, { email: 'Enter a valid email address, like name@example.com.' }, 400, email);
      }
      try {
        const invitation = ctx.state.invitationTicket
          ? await signIn.invitation(ctx.state.invitationTicket, ctx.state.organizationId!)
          : undefined;
        const created = await signIn.signUp(attemptOf(request, ctx.client), {
          email,
          password,
          organizationId: ctx.state.organizationId,
          invitation,
          clientId: ctx.client.client_id,
        });
        deps.services.email.queueVerification(created.userId, { organizationId: ctx.state.organizationId });
        await saveState(ctx, { email });
        return await finishSignIn(deps, ctx, request, reply, {
          userId: created.userId,
          connection: created.connection,
          amr: ['pwd'],
          isNewLogin: true,
        });
      } catch (error) {
        // The connection's password rules the password broke, next to the field.
        if (error instanceof PasswordPolicyError) {
          return renderSignup(ctx, reply, target, { password: error.failures.map(describePasswordFailure).join(' ') }, 400, email);
        }
        if (error instanceof DomainError && error.code === 'user_conflict') {
          return renderSignup(ctx, reply, target, { email: 'An account with this email already exists. Sign in instead.' }, 409, email);
        }
        if (error instanceof DomainError && error.code === 'invitation_invalid')
          return renderSignup(ctx, reply, target, { form: error.message }, 400, email);
        if (error instanceof DomainError && error.code === 'sso_required')
          return renderSignup(ctx, reply, target, { form: error.message }, 403, email);
        return refuseSignUp(ctx, reply, error);
      }
    }),
  );

  // Second factors (mfa-routes.ts): the challenge, its answers, and enrolment when the policy requires one.
  for (const route of MFA_ROUTES) {
    const { show, submit } = route;
    if (show)
      app.get(
        `/:uid${route.path}`,
        { schema: { params: Uid } },
        step((ctx, request, reply) => show(deps, ctx, request, reply)),
      );
    if (submit)
      app.post(
        `/:uid${route.path}`,
        { schema: { params: Uid, ...(submit.body ? { body: submit.body } : {}) } },
        step((ctx, request, reply) => submit.run(deps, ctx, request, reply)),
      );
  }

  // A passkey as the first factor (steps/webauthn.ts): the identifier page's passkey form.
  app.post(
    '/:uid/passkey',
    { schema: { params: Uid, body: PasskeyBody } },
    step((ctx, request, reply) => signInWithPasskey(deps, ctx, request, reply, passkeyCredential(request))),
  );

  // The identifier page's script gets the passkey options here (steps/webauthn.ts): a JSON call from
  // the page itself, so it answers JSON, refuses another origin and another interaction's token, and
  // leaves the first-visit checks to the page's own GET, which always came first.
  app.post('/:uid/passkey/options', { schema: { params: Uid } }, async (request, reply) => {
    const refuse = (status: number, error: string, message: string) => reply.code(status).send({ error, message });
    if (request.headers.origin !== deps.services.webauthn.origin)
      return refuse(403, 'cross_origin', 'Only the sign-in page itself may ask for passkey options.');
    if (!(request.headers['content-type'] ?? '').startsWith('application/json'))
      return refuse(415, 'unsupported_media_type', "Send a JSON body with the page's _csrf token.");
    let ctx: LoginContext;
    try {
      ctx = await loadLogin(deps, request, reply);
    } catch (error) {
      if (error instanceof oidcErrors.SessionNotFound || (error as { name?: string }).name === 'SessionNotFound')
        return refuse(400, 'interaction_expired', 'This sign-in page is no longer valid.');
      throw error;
    }
    if (!csrfValid(deps.csrfSecret, ctx.uid, (request.body as { _csrf?: unknown } | undefined)?._csrf))
      return refuse(403, 'invalid_csrf', 'The _csrf token is not the one of this sign-in page.');
    return issuePasskeyOptions(deps, ctx, reply);
  });

  // Enterprise connections: out to the customer's IdP and back.
  const federationDeps = () => {
    if (!deps.federation) throw new DomainError('connection_not_enabled', 'Single sign-on is not available on this server.');
    return { ...deps, federation: deps.federation };
  };
  const ConnectionParams = Type.Object({ uid: Uid.properties.uid, connectionId: Type.String({ pattern: '^con_[A-Za-z0-9]{1,32}$' }) });

  app.get(
    '/:uid/sso/:connectionId',
    { schema: { params: ConnectionParams } },
    step(async (ctx, request, reply) =>
      startFederation(federationDeps(), ctx, reply, (request.params as { connectionId: string }).connectionId),
    ),
  );

  // The fixed redirect URI registered at every upstream OIDC IdP; the state names the interaction.
  app.get('/sso/oidc/callback', async (request, reply) => {
    const query = request.query as Record<string, string>;
    const tests = deps.testSignIns;
    if (tests && (query.state ?? '').startsWith(tests.prefix)) {
      return reply
        .code(303)
        .header('location', `${tests.oidcCallbackPath}?${new URLSearchParams(query)}`)
        .send();
    }
    const uid = (query.state ?? '').split('.')[0];
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(uid)) return refuseUnsolicited(reply, request.id);
    return reply
      .code(303)
      .header('location', `/login/${uid}/sso/oidc/finish?${new URLSearchParams(query)}`)
      .send();
  });
  app.get(
    '/:uid/sso/oidc/finish',
    { schema: { params: Uid } },
    step((ctx, request, reply) => finishOidc(federationDeps(), ctx, request, reply)),
  );

  // SAML ACS (steps/accept-saml-response.ts): checked, parked on the interaction, finished by the GET below.
  app.post(
    '/sso/saml/:connectionId/acs',
    { schema: { params: Type.Object({ connectionId: ConnectionParams.properties.connectionId }) } },
    (request, reply) => {
      const relay = (request.body as Record<string, unknown> | undefined)?.RelayState;
      const tests = deps.testSignIns;
      if (tests && typeof relay === 'string' && relay.startsWith(tests.prefix)) return tests.acceptSaml(request, reply);
      return acceptSamlResponse(deps, request, reply);
    },
  );
  app.get(
    '/:uid/sso/saml/finish',
    { schema: { params: Uid } },
    step((ctx, request, reply) => finishSaml(federationDeps(), ctx, request, reply)),
  );

  app.post(
    '/:uid/abort',
    { schema: { params: Uid, body: EmptyForm } },
    step(async (ctx, request, reply) => {
      const refusal = ctx.state.refusal ?? { error: 'access_denied', description: 'the user cancelled the sign-in', code: 'cancelled' };
      if (refusal.code) await deps.services.protocolStore.saveRefusalCode(ctx.uid, refusal.code);
      return complete(deps, request, reply, { error: refusal.error, error_description: refusal.description });
    }),
  );
};
