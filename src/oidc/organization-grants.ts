import type Provider from 'oidc-provider';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { Services } from '../domain/services.js';
import type { SignInService } from '../domain/sign-in/sign-in.service.js';
import { requestedOrganization, requestedResource } from '../shared/authorization-params.js';

/**
 * Creates a grant for everything the authorization request asks for (first-party applications are
 * not asked for consent, as in Auth0), bound to the organization when there is one and to the
 * connection the user signed in with.
 */
export async function createGrant(
  provider: Provider,
  signIn: SignInService,
  input: {
    accountId: string;
    clientId: string;
    scope: string;
    resource?: string;
    claims?: string;
    organizationId?: string;
    connectionId?: string;
  },
): Promise<string> {
  const grant = new provider.Grant({ accountId: input.accountId, clientId: input.clientId });
  grant.addOIDCScope(input.scope);
  if (input.claims) {
    const requested = JSON.parse(input.claims) as { id_token?: Record<string, unknown>; userinfo?: Record<string, unknown> };
    grant.addOIDCClaims([...Object.keys(requested.id_token ?? {}), ...Object.keys(requested.userinfo ?? {})]);
  }
  if (input.resource) grant.addResourceScope(input.resource, input.scope);
  const grantId = await grant.save();
  await signIn.bindGrant({
    grantId,
    userId: input.accountId,
    clientId: input.clientId,
    organizationId: input.organizationId,
    connectionId: input.connectionId,
  });
  return grantId;
}

/** The grants a session holds, one per application it signed in to. */
function sessionGrantIds(session: { authorizations?: Record<string, { grantId?: string }> } | undefined): string[] {
  return Object.values(session?.authorizations ?? {}).flatMap((a) => (a.grantId ? [a.grantId] : []));
}

/** The connection the session's user signed in with (read from its grants), if known. */
export async function sessionConnection(
  provider: Provider,
  signIn: SignInService,
  sessionUid: string | undefined,
): Promise<string | undefined> {
  const session = sessionUid ? await provider.Session.findByUid(sessionUid) : undefined;
  return signIn.connectionOfGrants(sessionGrantIds(session as never));
}

/**
 * oidc-provider's `loadExistingGrant`: the grant an authorization request may reuse without a login
 * page. A grant belongs to one organization and is reused only while the application's
 * organization rules, the membership and the connection still admit it. When the request names
 * another organization (an SDK switching organizations with prompt=none) and the session's login
 * would be accepted there, a grant for it is made; otherwise there is no grant and the
 * interaction decides (the target's sign-in options, or `login_required` under prompt=none).
 */
export function createLoadExistingGrant(services: Services) {
  const { signIn } = services;
  return async function loadExistingGrant(ctx: KoaContextWithOIDC) {
    const { provider, session, params } = ctx.oidc;
    const clientId = ctx.oidc.client!.clientId;
    const client = await services.clients.find(clientId);
    const accountId = session?.accountId;
    if (!client || !accountId) return undefined;
    // A grant the hosted login has just made applied every rule a moment ago.
    const fresh = (ctx.oidc.result as { consent?: { grantId?: string } } | undefined)?.consent?.grantId;
    if (fresh) return provider.Grant.find(fresh);
    const grantId = session?.grantIdFor(clientId);
    const grant = grantId ? await provider.Grant.find(grantId) : undefined;
    const current = grant ? await signIn.organizationOfGrant(grant.jti) : undefined;
    const connectionId = await signIn.connectionOfGrants(grant ? [grant.jti] : sessionGrantIds(session as never));

    const wanted = requestedOrganization(params as Record<string, unknown>);
    const org = wanted ? await signIn.findOrganization(wanted) : undefined;
    if (wanted && !org) return undefined;
    if (grant && (!org || current?.id === org.id)) {
      const refusal = await signIn.checkGrantUse({ client, userId: accountId, organizationId: current?.id, connectionId });
      return refusal ? undefined : grant;
    }
    if (!org) return undefined;

    // A switch: the session's login must be one the target organization accepts.
    const sessionConnectionId = connectionId ?? (await signIn.connectionOfGrants(sessionGrantIds(session as never)));
    const refusal = await signIn.checkGrantUse({ client, userId: accountId, organizationId: org.id, connectionId: sessionConnectionId });
    if (refusal) {
      if (refusal === 'connection_not_enabled' && ctx.oidc.prompts.has('none')) {
        throw new errors.LoginRequired('the connection of the current session is not enabled for this organization');
      }
      return undefined;
    }
    const newGrantId = await createGrant(provider, signIn, {
      accountId,
      clientId,
      scope: String(params!.scope ?? 'openid'),
      resource: requestedResource(params as Record<string, unknown>),
      organizationId: org.id,
      connectionId: sessionConnectionId,
    });
    session!.grantIdFor(clientId, newGrantId);
    return provider.Grant.find(newGrantId);
  };
}
