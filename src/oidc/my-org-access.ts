import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { Services } from '../domain/services.js';
import type { ResourceServer } from '../domain/resource-servers/resource-servers.types.js';
import { apiAccess } from './access.js';
import { userGrantScopes } from './user-api-access.js';

/**
 * The scopes a My Organization API token may carry. The API acts for a person in one organization:
 * the token comes from that person's login in the organization (user-api-access.ts); it carries
 * only what the application's user client grant allows and the member's organization roles permit.
 * The requested (consented) scopes narrow it further: oidc-provider keeps only those of the grant's
 * that are returned here.
 */
export async function myOrgScope(ctx: KoaContextWithOIDC, services: Services, api: ResourceServer, clientId: string): Promise<string> {
  const { allowed, user } = await userGrantScopes(ctx, services, api, clientId);
  // The authorization request is checked against what the application may obtain; the member's
  // permissions are applied when the token is minted.
  if (!user) return allowed.join(' ');
  const access = await apiAccess(services, { userId: user.accountId, grantId: user.grantId, audience: api.identifier });
  if (!access.organization) {
    throw new errors.AccessDenied(`Tokens for "${api.identifier}" come only from a login in an organization.`);
  }
  return allowed.filter((s) => access.permissions.includes(s)).join(' ');
}
