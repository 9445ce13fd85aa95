import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import formbody from '@fastify/formbody';
import { Type, type Static } from 'typebox';
import { DomainError } from '../../domain/errors.js';
import { describePasswordFailure, PasswordPolicyError } from '../../domain/users/password-policy.js';
import type { EmailService } from '../../domain/email/email.service.js';
import { TOKEN_PATTERN, hashToken } from '../../domain/email/tickets.js';
import { messagePage } from '../views/pages.js';
import { newPasswordPage, noticePage, requestResetPage } from './views.js';
import { addPageHeaders } from '../../shared/pages/headers.js';
import { sendRequestProblem } from '../request-problems.js';
import { refuseNulCharacters } from '../refuse-nul.js';
import { attemptOf } from '../attempt.js';
import { isEmailAddress } from '../../domain/users/email-address.js';

export interface RecoveryOptions {
  email: EmailService;
  /** The login's CSRF secret; here it binds the new-password form to its reset link. */
  csrfSecret: string;
}

const Uid = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
const OrganizationId = Type.String({ pattern: '^org_[A-Za-z0-9]{1,32}$' });
const ResetQuery = Type.Object({ login: Type.Optional(Uid), organization: Type.Optional(OrganizationId) });
const ResetForm = Type.Object({
  email: Type.Optional(Type.String({ maxLength: 320 })),
  login: Type.Optional(Uid),
  organization: Type.Optional(OrganizationId),
});
const TokenParams = Type.Object({ token: Type.String({ pattern: TOKEN_PATTERN }) });
const NewPasswordForm = Type.Object({
  password: Type.Optional(Type.String({ maxLength: 1024 })),
  _csrf: Type.Optional(Type.String({ maxLength: 128 })),
});
const SENT = 'If an account exists for that address, we sent a link to reset its password. The link works for one hour.';

/** The "Forgot password?" link of the password page: `passwordResetHref` in the login's dependencies. */
export function passwordResetHref(ctx: { uid: string; state: { organizationId?: string } }): string {
  const query = new URLSearchParams({ login: ctx.uid });
  if (ctx.state.organizationId) query.set('organization', ctx.state.organizationId);
  return `/login/reset?${query.toString()}`;
}

function csrfFor(secret: string, token: string): string {
  return createHmac('sha256', secret)
    .update(`reset:${hashToken(token)}`)
    .digest('base64url');
}

function csrfValid(secret: string, token: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const expected = Buffer.from(csrfFor(secret, token));
  const actual = Buffer.from(submitted);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// The token is in the path of these routes: keep them out of the request log (warn and above only).
const tokenRoute = { logLevel: 'warn' as const };

/**
 * Account recovery for database connections (`/login/reset`, `/login/verify`): ask for a reset link,
 * set a new password from it, open an email verification link. The way back is always the login
 * page of the interaction the reset started from (`/login/<uid>`), never a URL from the request.
 */
export const recoveryPlugin: FastifyPluginAsync<RecoveryOptions> = async (app, { email, csrfSecret }) => {
  await app.register(formbody, { bodyLimit: 16 * 1024 });

  addPageHeaders(app, { formActionSelf: true });
  refuseNulCharacters(app);

  app.setErrorHandler((error, request, reply) => {
    if (sendRequestProblem(error, request, reply)) return reply;
    const exposed = error instanceof DomainError && error.expose;
    const validation = (error as { validation?: unknown }).validation !== undefined;
    if (!exposed && !validation) request.log.error({ err: error }, 'recovery failure');
    const status = exposed ? error.status : validation ? 400 : 500;
    return reply
      .code(status)
      .type('text/html')
      .send(
        messagePage({
          title: exposed || validation ? 'This link is not valid' : 'Something went wrong',
          message: exposed
            ? error.message
            : validation
              ? 'This link is not valid. Ask for a new one.'
              : 'We could not complete your request. Try again later.',
          branding: {},
          reference: request.id,
        }),
      );
  });

  const send = (reply: FastifyReply, status: number, page: string) => reply.code(status).type('text/html').send(page);
  const back = (login: string | undefined) => (login ? `/login/${login}` : undefined);
  const hidden = (q: Static<typeof ResetQuery>) =>
    Object.fromEntries(Object.entries({ login: q.login, organization: q.organization }).filter(([, v]) => v)) as Record<string, string>;

  app.get('/reset', { schema: { querystring: ResetQuery } }, async (request, reply) => {
    const query = request.query as Static<typeof ResetQuery>;
    return send(
      reply,
      200,
      requestResetPage({
        action: '/login/reset',
        hidden: hidden(query),
        backHref: back(query.login),
        branding: await email.branding(query.organization),
      }),
    );
  });

  // No CSRF token here on purpose: a forged request can only send the account owner a link, which
  // anyone can ask for directly.
  app.post('/reset', { schema: { body: ResetForm } }, async (request, reply) => {
    const form = request.body as Static<typeof ResetForm>;
    const address = (form.email ?? '').trim();
    const branding = await email.branding(form.organization);
    if (!isEmailAddress(address)) {
      return send(
        reply,
        400,
        requestResetPage({
          action: '/login/reset',
          email: address,
          error: 'Enter a valid email address, like name@example.com.',
          hidden: hidden(form),
          backHref: back(form.login),
          branding,
        }),
      );
    }
    await email.requestPasswordReset(attemptOf(request), { email: address, organizationId: form.organization, returnTo: back(form.login) });
    return send(reply, 200, noticePage({ title: 'Check your email', message: SENT, backHref: back(form.login), branding }));
  });

  app.get('/reset/:token', { ...tokenRoute, schema: { params: TokenParams } }, async (request, reply) => {
    const { token } = request.params as Static<typeof TokenParams>;
    const ticket = await email.resetTicket(token);
    return send(
      reply,
      200,
      newPasswordPage({
        action: `/login/reset/${token}`,
        csrf: csrfFor(csrfSecret, token),
        email: ticket.email,
        branding: ticket.branding,
        minPasswordLength: ticket.minPasswordLength,
      }),
    );
  });

  app.post('/reset/:token', { ...tokenRoute, schema: { params: TokenParams, body: NewPasswordForm } }, async (request, reply) => {
    const { token } = request.params as Static<typeof TokenParams>;
    const form = request.body as Static<typeof NewPasswordForm>;
    if (!csrfValid(csrfSecret, token, form._csrf)) {
      return send(
        reply,
        403,
        messagePage({
          title: 'This form has expired',
          message: 'Open the link from your email again and retry.',
          branding: {},
          reference: request.id,
        }),
      );
    }
    const password = form.password ?? '';
    let done: Awaited<ReturnType<typeof email.resetPassword>>;
    try {
      done = await email.resetPassword(attemptOf(request), token, password);
    } catch (error) {
      if (!(error instanceof PasswordPolicyError)) throw error;
      // The connection's rules the password broke, next to the field; the link stays usable.
      const ticket = await email.resetTicket(token);
      return send(
        reply,
        400,
        newPasswordPage({
          action: `/login/reset/${token}`,
          csrf: csrfFor(csrfSecret, token),
          email: ticket.email,
          branding: ticket.branding,
          error: error.failures.map(describePasswordFailure).join(' '),
          minPasswordLength: ticket.minPasswordLength,
        }),
      );
    }
    return send(
      reply,
      200,
      noticePage({
        title: 'Your password was changed',
        message: 'Sign in with your new password.',
        backHref: done.returnTo,
        branding: done.branding,
      }),
    );
  });

  app.get('/verify/:token', { ...tokenRoute, schema: { params: TokenParams } }, async (request, reply) => {
    const { token } = request.params as Static<typeof TokenParams>;
    const verified = await email.verifyEmail(attemptOf(request), token);
    return send(
      reply,
      200,
      noticePage({ title: 'Your email address is verified', message: `Thank you: ${verified.email} is now verified.`, branding: {} }),
    );
  });
};
