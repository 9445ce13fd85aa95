import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { Services } from '../domain/services.js';
import type { ResourceServer } from '../domain/resource-servers/resource-servers.types.js';
import { apiAccess } from './access.js';
import { tokenSource } from './token-source.js';

/** The grants by which a person's own login reaches the token endpoint. */
const USER_LOGIN_GRANTS = new Set(['authorization_code', 'refresh_token']);

/**
 * The scopes a My Organization API token may carry. The API acts for a person in one organization:
 * the token comes from that person's login in the organization (a code, or the refresh token it
 * gave), never from client credentials or a password grant; it carries only what the application's
 * user client grant allows and the member's organization roles permit. The requested (consented)
 * scopes narrow it further: oidc-provider keeps only those of the grant's that are returned here.
 */
export async function myOrgScope(ctx: KoaContextWithOIDC, services: Services, api: ResourceServer, clientId: string): Promise<string> {
  const grantType = (ctx.oidc.params as Record<string, unknown> | undefined)?.grant_type;
  if (ctx.oidc.route === 'token' && grantType === 'client_credentials') {
    throw new errors.AccessDenied(`Client credentials cannot be used to access "${api.identifier}": it accepts only user access tokens.`);
  }
  const grant = await services.clientGrants.find(clientId, api.identifier);
  if (grant?.subject_type !== 'user') {
    throw new errors.AccessDenied(
      `Client is not authorized to access "${api.identifier}". You need to create a "client-grant" associated to this API.`,
    );
  }
  const allowed = api.scopes.map((s) => s.value).filter((s) => grant.scope.includes(s));
  // The authorization request is checked against what the application may obtain; the member's
  // permissions are applied when the token is minted.
  if (ctx.oidc.route !== 'token') return allowed.join(' ');
  if (typeof grantType !== 'string' || !USER_LOGIN_GRANTS.has(grantType)) {
    throw new errors.AccessDenied(`Tokens for "${api.identifier}" come only from a user login (authorization code or its refresh token).`);
  }
  const source = tokenSource(ctx);
  if (!source?.accountId) throw new errors.AccessDenied(`Tokens for "${api.identifier}" come only from a user login.`);
  const access = await apiAccess(services, { userId: source.accountId, grantId: source.grantId, audience: api.identifier });
  if (!access.organization) {
    throw new errors.AccessDenied(`Tokens for "${api.identifier}" come only from a login in an organization.`);
  }
  return allowed.filter((s) => access.permissions.includes(s)).join(' ');
}
