import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { isEnterprise, isSocial, type Connection } from '../../domain/connections/connections.types.js';
import type { FederatedProfile } from '../../federation/profile.js';
import type { Federation } from '../../federation/federation.js';
import { type LoginContext, type LoginDeps, saveState } from '../interaction.js';
import { attemptOf } from '../attempt.js';
import { finishSignIn, refuse } from './finish.js';
import { messagePage } from '../views/pages.js';
import { refuseSaml } from './accept-saml-response.js';
import { invalidResponse } from '../../federation/saml/errors.js';

export interface FederationDeps extends LoginDeps {
  federation: Federation;
}

const random = () => randomBytes(24).toString('base64url');

/**
 * The connection, if this login may use it: enabled for (or owned by) the organization and enabled
 * for the application; without an organization, shared and enabled for the application, or the one
 * home realm discovery chose (which need not be enabled for the application, as in Kinde).
 */
async function usableConnection(deps: FederationDeps, ctx: LoginContext, connectionId: string): Promise<Connection> {
  const connection = await deps.services.connections.get(connectionId).catch(() => undefined);
  if (!connection || !(isEnterprise(connection.strategy) || isSocial(connection.strategy)))
    throw new DomainError('connection_not_enabled', 'This sign-in option does not exist.');
  const orgId = ctx.state.organizationId;
  if (orgId) {
    const allowed = await deps.services.signIn.connections(orgId, ctx.client.client_id);
    if (!allowed.some((c) => c.id === connection.id)) {
      throw new DomainError('connection_not_enabled', 'This connection is not enabled for the organization.');
    }
  } else if (ctx.state.homeRealmConnectionId !== connection.id && !connection.enabled_clients.includes(ctx.client.client_id)) {
    throw new DomainError('connection_not_enabled', 'This connection is not enabled for the application.');
  }
  return connection;
}

/** Refused with a page titled for what it is and `access_denied` for the application (not "Something went wrong"). */
const POLICY_REFUSALS = new Set<string>([
  'account_not_found',
  'not_a_member',
  'connection_not_enabled',
  'user_blocked',
  'idp_denied',
  'idp_email_unverified',
  'sso_required',
]);
const HINTS: Partial<Record<string, string>> = {
  account_not_found: "Your organization's administrator controls who can join: ask them to create your account or to allow self-joining.",
  idp_denied: 'To try again, start from the application.',
};

/**
 * Runs one federation step; a policy refusal becomes its page, a SAML refusal its page and a warn
 * log line. Either is an `f` event, and so is an IdP's error shown on the error page.
 */
async function refusing(
  deps: FederationDeps,
  ctx: LoginContext,
  reply: FastifyReply,
  connectionId: string | undefined,
  run: () => Promise<unknown>,
) {
  try {
    return await run();
  } catch (error) {
    const about = { email: ctx.state.email, organizationId: ctx.state.organizationId };
    const subject = { connection: connectionId ? { id: connectionId } : undefined };
    if (error instanceof DomainError && POLICY_REFUSALS.has(error.code))
      return refuse(deps, ctx, reply, error, { hint: HINTS[error.code], subject });
    if (error instanceof DomainError && error.code.startsWith('saml_'))
      return refuseSaml(deps, reply.request, reply, { connectionId, client: ctx.client, ...about }, error);
    if (error instanceof DomainError && error.code.startsWith('idp_'))
      await deps.services.signIn.refused(attemptOf(reply.request, ctx.client), error, { ...subject, ...about });
    throw error;
  }
}

/** Sends the browser to the customer's IdP (SAML AuthnRequest or OIDC authorization request). */
export function startFederation(deps: FederationDeps, ctx: LoginContext, reply: FastifyReply, connectionId: string) {
  return refusing(deps, ctx, reply, connectionId, () => redirectToIdp(deps, ctx, reply, connectionId));
}

async function redirectToIdp(deps: FederationDeps, ctx: LoginContext, reply: FastifyReply, connectionId: string) {
  const connection = await usableConnection(deps, ctx, connectionId);
  if (connection.strategy === 'samlp') {
    if (!deps.federation.saml) throw new DomainError('connection_not_enabled', 'SAML sign-in is not available on this server.');
    const { url, requestId } = await deps.federation.saml.loginRedirect(connection, ctx.uid);
    await saveState(ctx, { federation: { connectionId: connection.id, requestId } });
    return reply.code(302).header('location', url).send();
  }
  const flow = { state: `${ctx.uid}.${random()}`, nonce: random(), codeVerifier: random() + random() };
  // OIDC connections and Google through openid-client with discovery; GitHub through its OAuth 2.0 web flow.
  const upstream = connection.strategy === 'github' ? deps.federation.github : deps.federation.oidc;
  const url = await upstream.authorizationUrl(
    connection,
    { redirectUri: deps.federation.oidcRedirectUri, ...flow },
    { requestParams: ctx.params },
  );
  await saveState(ctx, { federation: { connectionId: connection.id, ...flow } });
  return reply.code(302).header('location', url).send();
}

/** Back from an OIDC IdP, on the interaction's own path (so its cookie proves the same browser). */
export function finishOidc(deps: FederationDeps, ctx: LoginContext, request: FastifyRequest, reply: FastifyReply) {
  return refusing(deps, ctx, reply, ctx.state.federation?.connectionId, () => completeOidc(deps, ctx, request, reply));
}

async function completeOidc(deps: FederationDeps, ctx: LoginContext, request: FastifyRequest, reply: FastifyReply) {
  const pending = ctx.state.federation;
  const query = request.query as Record<string, string>;
  if (!pending?.state || query.state !== pending.state) {
    throw new DomainError('idp_state_mismatch', 'This sign-in response does not belong to this sign-in. Start again from the application.');
  }
  const connection = await usableConnection(deps, ctx, pending.connectionId);
  const callback = new URL(deps.federation.oidcRedirectUri);
  for (const [key, value] of Object.entries(query)) callback.searchParams.set(key, value);
  const upstream = connection.strategy === 'github' ? deps.federation.github : deps.federation.oidc;
  const profile = await upstream.completeCallback(connection, callback, {
    redirectUri: deps.federation.oidcRedirectUri,
    state: pending.state,
    nonce: pending.nonce!,
    codeVerifier: pending.codeVerifier!,
  });
  await saveState(ctx, { federation: undefined });
  return provisionAndFinish(deps, ctx, request, reply, connection, profile);
}

/** A validated SAML assertion was parked on the interaction by the ACS; finish with it here. */
export function finishSaml(deps: FederationDeps, ctx: LoginContext, request: FastifyRequest, reply: FastifyReply) {
  const pending = ctx.state.federation;
  return refusing(deps, ctx, reply, pending?.connectionId, async () => {
    if (!pending?.profile) {
      throw invalidResponse(
        'This sign-in response is missing or was already used.',
        'malformed',
        'the finish page was opened with no validated response parked on the sign-in',
      );
    }
    const connection = await usableConnection(deps, ctx, pending.connectionId);
    await saveState(ctx, { federation: undefined });
    return provisionAndFinish(deps, ctx, request, reply, connection, pending.profile);
  });
}

async function provisionAndFinish(
  deps: FederationDeps,
  ctx: LoginContext,
  request: FastifyRequest,
  reply: FastifyReply,
  connection: Connection,
  profile: FederatedProfile,
) {
  const organizationConnection = ctx.state.organizationId
    ? (await deps.services.signIn.connections(ctx.state.organizationId)).find((c) => c.id === connection.id)
    : undefined;
  const provisioning = {
    connection: {
      id: connection.id,
      name: connection.name,
      strategy: connection.strategy,
      organizationId: connection.organization_id,
      domainAliases: connection.options.domain_aliases,
      createMissingUser: connection.options.is_create_missing_user,
      trustEmail: connection.options.is_trusted,
    },
    requestedOrganizationId: ctx.state.organizationId,
    organizationConnection,
  };
  // An invitee is admitted by the invitation (finishSignIn accepts it with its roles), as in Auth0.
  const byInvitation = ctx.state.invitationTicket !== undefined;
  const attempt = attemptOf(request, ctx.client);
  const result = isSocial(connection.strategy)
    ? await deps.services.signIn.socialLogin(attempt, { ...provisioning, profile, admitByInvitation: byInvitation })
    : await deps.services.signIn.enterpriseLogin(attempt, {
        ...provisioning,
        admitByInvitation: byInvitation,
        profile: {
          subject: profile.subject,
          email: profile.email,
          name: profile.name,
          givenName: profile.givenName,
          familyName: profile.familyName,
          groups: profile.groups,
        },
      });
  // An organization-owned connection found by home realm discovery lands in its organization (Kinde).
  if (result.organizationId && result.organizationId !== ctx.state.organizationId)
    await saveState(ctx, { organizationId: result.organizationId });
  // The grant records the connection used, wherever the login landed.
  const used =
    organizationConnection ??
    (await deps.services.signIn.connections(result.organizationId ?? ctx.state.organizationId)).find((c) => c.id === connection.id);
  return finishSignIn(deps, ctx, request, reply, {
    userId: result.userId,
    connection: used,
    amr: [AMR[connection.strategy] ?? 'oidc'],
    isNewLogin: true,
    admitted: !byInvitation,
  });
}

/** How the login was made, for the session's `amr`: SAML, OpenID Connect (enterprise and Google), GitHub's OAuth 2.0. */
const AMR: Partial<Record<string, string>> = { samlp: 'saml', github: 'oauth' };

/** An upstream OIDC callback whose state names no sign-in started here is refused with a page that says why. */
export function refuseUnsolicited(reply: FastifyReply, reference: string) {
  return reply
    .code(400)
    .type('text/html')
    .send(
      messagePage({
        title: "We can't sign you in from here",
        message: 'Sign-in must start from the application. Sign-in started at your identity provider (IdP-initiated) is not accepted.',
        hint: 'Open the application and choose to sign in with your company account.',
        branding: {},
        reference,
      }),
    );
}
