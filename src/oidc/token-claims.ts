import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { Services } from '../domain/services.js';
import { apiAccess, grantOrganization } from './access.js';

interface TokenLike {
  kind: string;
  clientId?: string;
  accountId?: string;
  grantId?: string;
  aud?: string | string[];
  resourceServer?: { audience?: string };
}

/**
 * Claims added to access tokens. User tokens issued in an organization carry `org_id` (and
 * `org_name` when enabled) and, for an API, the member's roles there and the permissions those roles
 * grant on that API; tenant-level roles never leak into an organization login. Machine tokens carry
 * Auth0's `gty`/`azp`, and `org_id` when the client grant allows organizations.
 */
export function createExtraTokenClaims(services: Services, options: { orgNameClaim: boolean }) {
  return async function extraTokenClaims(ctx: KoaContextWithOIDC, token: TokenLike): Promise<Record<string, unknown> | undefined> {
    const audience = token.resourceServer?.audience;
    if (token.kind === 'ClientCredentials') {
      const claims: Record<string, unknown> = { gty: 'client-credentials', azp: token.clientId };
      const requested = (ctx.oidc.body as Record<string, unknown> | undefined)?.organization;
      const grant = audience ? await services.clientGrants.find(token.clientId!, audience) : undefined;
      if (typeof requested === 'string' && requested !== '') {
        const usage = grant?.organization_usage ?? 'deny';
        if (usage === 'deny') throw new errors.InvalidRequest('organization is not allowed for this client grant');
        if (!grant?.allow_any_organization) throw new errors.InvalidRequest('this client grant is not enabled for any organization');
        const org = await services.signIn.findOrganization(requested);
        if (!org) throw new errors.InvalidRequest('organization not found');
        claims.org_id = org.id;
        if (options.orgNameClaim) claims.org_name = org.name;
      } else if (grant?.organization_usage === 'require') {
        throw new errors.InvalidRequest('organization is required for this client grant');
      }
      return claims;
    }
    if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
    const claims: Record<string, unknown> = {};
    const access = audience ? await apiAccess(services, { userId: token.accountId, grantId: token.grantId, audience }) : undefined;
    const organization = access ? access.organization : token.grantId ? await grantOrganization(services, token.grantId) : undefined;
    if (organization) {
      claims.org_id = organization.id;
      if (options.orgNameClaim) claims.org_name = organization.name;
    }
    if (access) {
      claims.roles = access.roles;
      claims.permissions = access.permissions;
    }
    // How the user authenticated (RFC 8176), as in the ID token: from the code or refresh token the
    // access token is exchanged for, or the session of an implicit response.
    type Source = { amr?: string[]; authTime?: number };
    const entities = ctx.oidc.entities as { AuthorizationCode?: Source; RefreshToken?: Source } | undefined;
    const amr = entities?.AuthorizationCode?.amr ?? entities?.RefreshToken?.amr ?? ctx.oidc.session?.amr;
    if (amr && amr.length > 0) claims.amr = amr;
    // When the user last proved who they are: the My Account API asks for a recent one before a
    // factor changes. A refreshed token keeps the login's time, so only a new login renews it.
    if (audience && (await services.resourceServers.findByIdentifier(audience))?.system_api === 'my_account') {
      const authTime = entities?.AuthorizationCode?.authTime ?? entities?.RefreshToken?.authTime ?? ctx.oidc.session?.authTime;
      if (typeof authTime === 'number') claims.auth_time = authTime;
    }
    return Object.keys(claims).length > 0 ? claims : undefined;
  };
}
