import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { Services } from '../domain/services.js';
import type { ResourceServer } from '../domain/resource-servers/resource-servers.types.js';
import { tokenSource } from './token-source.js';

/** The grants by which a person's own login reaches the token endpoint. */
const USER_LOGIN_GRANTS = new Set(['authorization_code', 'refresh_token']);

/**
 * The scopes of an API that acts for a person only (My Organization, My Account): the token comes
 * from that person's login (a code, or the refresh token it gave), never from client credentials or
 * a password grant, and carries only what the application's user client grant allows. At the
 * authorization endpoint the answer is what the application may obtain (`user` undefined); at the
 * token endpoint it names the user the token is minted for, for the API's own narrowing.
 */
export async function userGrantScopes(
  ctx: KoaContextWithOIDC,
  services: Services,
  api: ResourceServer,
  clientId: string,
): Promise<{ allowed: string[]; user?: { accountId: string; grantId?: string } }> {
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
  if (ctx.oidc.route !== 'token') return { allowed };
  if (typeof grantType !== 'string' || !USER_LOGIN_GRANTS.has(grantType)) {
    throw new errors.AccessDenied(`Tokens for "${api.identifier}" come only from a user login (authorization code or its refresh token).`);
  }
  const source = tokenSource(ctx);
  if (!source?.accountId) throw new errors.AccessDenied(`Tokens for "${api.identifier}" come only from a user login.`);
  return { allowed, user: { accountId: source.accountId, grantId: source.grantId } };
}
