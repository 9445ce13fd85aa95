import type { Kysely } from 'kysely';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Database } from '../db/database.js';
import type { Clock } from '../domain/shared/clock.js';
import type { SignInService } from '../domain/sign-in/sign-in.service.js';
import { bindGrantToOrganization, organizationOfGrant } from '../domain/sign-in/grant-organizations.js';

/** The organization named by the request (`organization` or Kinde's `org_code`). */
export function requestedOrganization(params: Record<string, unknown> | undefined): string | undefined {
  const value = params?.organization ?? params?.org_code;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The API the request asks a token for: RFC 8707 `resource` or Auth0's `audience`. */
export function requestedResource(params: Record<string, unknown>): string | undefined {
  const value = params.resource ?? params.audience;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Creates a grant for everything the authorization request asks for (first-party applications are
 * not asked for consent, as in Auth0) and binds it to the organization when there is one.
 */
export async function createGrant(provider: Provider, db: Kysely<Database>, clock: Clock, input: {
  accountId: string; clientId: string; scope: string; resource?: string; claims?: string; organizationId?: string;
}): Promise<string> {
  const grant = new provider.Grant({ accountId: input.accountId, clientId: input.clientId });
  grant.addOIDCScope(input.scope);
  if (input.claims) {
    const requested = JSON.parse(input.claims) as { id_token?: Record<string, unknown>; userinfo?: Record<string, unknown> };
    grant.addOIDCClaims([...Object.keys(requested.id_token ?? {}), ...Object.keys(requested.userinfo ?? {})]);
  }
  if (input.resource) grant.addResourceScope(input.resource, input.scope);
  const grantId = await grant.save();
  if (input.organizationId) {
    await bindGrantToOrganization(db, clock, { grantId, organizationId: input.organizationId, userId: input.accountId, clientId: input.clientId });
  }
  return grantId;
}

/**
 * oidc-provider's `loadExistingGrant`. A grant belongs to one organization: when the request names
 * another one (an SDK switching organizations with prompt=none) and the signed-in user is a member of
 * it, a grant for that organization is made; when they are not, there is no grant and the
 * interaction decides (refusal page, or a new login).
 */
export function createLoadExistingGrant(db: Kysely<Database>, clock: Clock, signIn: SignInService) {
  return async function loadExistingGrant(ctx: KoaContextWithOIDC) {
    const { provider, client, session, params } = ctx.oidc;
    const grantId = (ctx.oidc.result as { consent?: { grantId?: string } } | undefined)?.consent?.grantId
      ?? session?.grantIdFor(client!.clientId);
    const grant = grantId ? await provider.Grant.find(grantId) : undefined;
    const wanted = requestedOrganization(params as Record<string, unknown>);
    if (!wanted) return grant;
    const org = await signIn.findOrganization(wanted);
    if (!org) return undefined;
    if (grant && (await organizationOfGrant(db, grant.jti))?.id === org.id) return grant;
    const accountId = session?.accountId;
    if (!accountId || !(await signIn.isMember(org.id, accountId))) return undefined;
    const newGrantId = await createGrant(provider, db, clock, {
      accountId, clientId: client!.clientId, scope: String(params!.scope ?? 'openid'),
      resource: requestedResource(params as Record<string, unknown>), organizationId: org.id,
    });
    session!.grantIdFor(client!.clientId, newGrantId);
    return provider.Grant.find(newGrantId);
  };
}
