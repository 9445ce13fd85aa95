import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabase } from '../domain/connections/connections.types.js';
import type { LoginConnection } from '../domain/sign-in/login-connections.js';
import type { Organization } from '../domain/organizations/organizations.types.js';
import { type LoginContext, type LoginDeps, saveState } from './interaction.js';

/**
 * The hosted login in one table. Each step is a page (or a redirect out) and each decision below
 * returns the next step; the rules behind the decisions live in the domain (`signIn`: organization
 * usage, home realm and organization discovery, sign-up, admission; `mfa`: the MFA policy).
 *
 * | step                  | page                       | next                                                      |
 * | --------------------- | -------------------------- | --------------------------------------------------------- |
 * | organization_prompt   | GET  /login/:uid           | identify                                                  |
 * | identify              | GET  /login/:uid           | sso (home realm) · organizations (several) · password     |
 * | organizations         | (the discovered ones)      | identify's next, in the organization chosen               |
 * | password              | GET  /login/:uid/password  | authenticated                                             |
 * | signup                | GET  /login/:uid/signup    | authenticated                                             |
 * | sso                   | GET  /login/:uid/sso/:id   | the IdP, then authenticated                               |
 * | passkey               | POST /login/:uid/passkey   | authenticated (a first factor; its amr has `mfa`)         |
 * | authenticated         | —                          | organization_picker · mfa_enrol · mfa_challenge · finish  |
 * | organization_picker   | (post_login_prompt)        | authenticated, in the organization chosen                 |
 * | mfa_challenge         | GET  /login/:uid/mfa       | finish (the factor proved: amr gains it and `mfa`)        |
 * |                       | POST …/mfa/webauthn        | (a security key's or passkey's answer)                    |
 * | mfa_enrol             | GET  /login/:uid/mfa/enrol | finish, once a factor is enrolled and proved              |
 * |                       | GET  …/enrol/security-key  | (or a security key, or …/enrol/passkey: WebAuthn)         |
 * | finish                | —                          | oidc-provider, then the application                       |
 */
export type Next =
  | { step: 'organization_prompt' }
  | { step: 'identify' }
  | { step: 'organizations'; organizations: Organization[] }
  | { step: 'password' }
  | { step: 'signup' }
  | { step: 'sso'; connectionId: string }
  | { step: 'authenticated'; who: Authenticated }
  | { step: 'mfa_challenge' }
  | { step: 'mfa_enrol' };

/** Who proved who they are, and how: what the steps after authentication need. */
export interface Authenticated {
  userId: string;
  connection?: LoginConnection;
  amr?: string[];
  isNewLogin: boolean;
  /** The login step already applied the organization's membership rules (federated logins). */
  admitted?: boolean;
}

/** The path of a step that is a page of this interaction. */
export function pathOf(
  ctx: LoginContext,
  next: Extract<Next, { step: 'identify' | 'password' | 'signup' | 'sso' | 'mfa_challenge' | 'mfa_enrol' }>,
) {
  const base = `/login/${ctx.uid}`;
  switch (next.step) {
    case 'identify':
      return base;
    case 'password':
      return `${base}/password`;
    case 'signup':
      return `${base}/signup`;
    case 'sso':
      return `${base}/sso/${next.connectionId}`;
    case 'mfa_challenge':
      return `${base}/mfa`;
    case 'mfa_enrol':
      return `${base}/mfa/enrol`;
  }
}

/** Sends the browser to a step's page (303: the next GET, whatever the method of this request). */
export function redirectTo(ctx: LoginContext, reply: FastifyReply, next: Parameters<typeof pathOf>[1]) {
  return reply.code(303).header('location', pathOf(ctx, next)).send();
}

/**
 * The first page of an interaction: the organization prompt when the application requires an
 * organization before login; the existing session when it is usable here; on the first view only,
 * the `connection` parameter's IdP, or the sign-up page (screen_hint=signup, or an invitee without
 * an account); else the identifier.
 */
export async function firstStep(
  deps: LoginDeps,
  ctx: LoginContext,
  session: { connection: () => Promise<LoginConnection | undefined> },
  signUpPossible: () => Promise<boolean>,
): Promise<Next> {
  const { signIn } = deps.services;
  if (
    !ctx.state.organizationId &&
    ctx.client.organization_usage === 'require' &&
    ctx.client.organization_require_behavior === 'pre_login_prompt'
  )
    return { step: 'organization_prompt' };
  // Or signed in, but without the second factor this organization (or acr_values) asks for: its MFA step.
  // Not when the application asks for a new login (prompt=login, max_age): then the credentials come
  // first again, so that a fresh auth_time means the person proved who they are.
  const reauthenticate = ctx.details.prompt.reasons.some((r) => r === 'login_prompt' || r === 'max_age');
  if (
    ctx.details.session?.accountId &&
    !reauthenticate &&
    (ctx.details.prompt.name === 'consent' || ctx.details.prompt.reasons.includes('mfa_required'))
  ) {
    // Signed in already, but without a grant for this application or organization: the session's
    // login counts only where its connection is usable, else the person signs in again here.
    const connection = await session.connection();
    if (connection) return { step: 'authenticated', who: { userId: ctx.details.session.accountId, connection, isNewLogin: false } };
  }
  // First view only: `connection=<social or enterprise connection>` goes straight to that provider, as in Auth0.
  const named =
    ctx.firstVisit && ctx.state.connectionId
      ? (await signIn.connections(ctx.state.organizationId, ctx.client.client_id)).find((c) => c.id === ctx.state.connectionId)
      : undefined;
  if (named && !isDatabase(named.strategy)) return { step: 'sso', connectionId: named.id };
  // First view only: an invitee without an account starts on the sign-up page, and so does screen_hint=signup.
  if (
    ctx.firstVisit &&
    (ctx.params.screen_hint === 'signup' ||
      (ctx.state.invitationId && !(await signIn.hasPasswordAccount(ctx.state.email!, ctx.state.organizationId, ctx.client.client_id)))) &&
    (await signUpPossible())
  )
    return { step: 'signup' };
  return { step: 'identify' };
}

/**
 * After the email: home realm discovery by a connection's domain_aliases (only when the request
 * named no organization, as in Auth0); then organization discovery by verified domain (an
 * application that requires organizations takes the one match, or offers a choice of several;
 * one that allows them takes a match whose IdP serves the email); then, in the organization, home
 * realm discovery to its enterprise connection for a verified domain. Else the password.
 */
export async function afterEmail(deps: LoginDeps, ctx: LoginContext, email: string): Promise<Next> {
  const { signIn } = deps.services;
  if (!ctx.state.organizationId) {
    const realm = await signIn.homeRealm(email);
    if (realm && !isDatabase(realm.strategy)) {
      await saveState(ctx, { email, homeRealmConnectionId: realm.id });
      return { step: 'sso', connectionId: realm.id };
    }
    const usage = ctx.client.organization_usage;
    const found = usage === 'deny' ? [] : await signIn.discoverOrganizations(email);
    if (usage === 'require' && found.length > 1) {
      await saveState(ctx, { email });
      return { step: 'organizations', organizations: found };
    }
    const [only] = found.length === 1 ? found : [];
    if (only && (usage === 'require' || (await signIn.organizationRealm(only.id, email, ctx.client.client_id))))
      await saveState(ctx, { organizationId: only.id });
  }
  await saveState(ctx, { email });
  if (ctx.state.organizationId) {
    const realm = await signIn.organizationRealm(ctx.state.organizationId, email, ctx.client.client_id);
    if (realm) return { step: 'sso', connectionId: realm.id };
  }
  return { step: 'password' };
}

/**
 * After authentication: the organization picker when the application requires an organization and
 * none is chosen; the MFA step the policy asks for (enrolment, or a challenge of an enrolled
 * factor) unless this login proved a second factor already; else finish.
 */
export async function afterAuthentication(
  deps: LoginDeps,
  ctx: LoginContext,
  _request: FastifyRequest,
  who: Authenticated,
): Promise<Next | { step: 'organization_picker'; organizations: Organization[] } | { step: 'finish' }> {
  const { signIn, mfa } = deps.services;
  if (!ctx.state.organizationId && ctx.client.organization_usage === 'require')
    return { step: 'organization_picker', organizations: await signIn.organizationsOf(who.userId) };
  // An existing session counts with what it proved then.
  const proved = [...(who.amr ?? []), ...(who.isNewLogin ? [] : (ctx.details.session?.amr ?? []))];
  const needed = await mfa.requirement({
    userId: who.userId,
    organizationId: ctx.state.organizationId,
    connection: who.connection,
    proved,
    acrValues: typeof ctx.params.acr_values === 'string' ? ctx.params.acr_values : undefined,
  });
  if (needed === 'none') return { step: 'finish' };
  await saveState(ctx, {
    authenticated: {
      userId: who.userId,
      connectionId: who.connection?.id,
      connection: who.connection,
      amr: proved.length > 0 ? proved : undefined,
      isNewLogin: who.isNewLogin,
      admitted: who.admitted,
    },
  });
  return { step: needed === 'enrol' ? 'mfa_enrol' : 'mfa_challenge' };
}
