import type { Account, KoaContextWithOIDC } from 'oidc-provider';
import type { Services } from '../domain/services.js';
import { grantOrganization } from './access.js';
import { guarded } from './unavailable.js';

/** The grant behind the token or request being served, whatever oidc-provider entity carries it. */
export function grantIdOf(ctx: KoaContextWithOIDC | undefined, token?: { grantId?: string }): string | undefined {
  const entities = ctx?.oidc?.entities as Record<string, { grantId?: string; jti?: string } | undefined> | undefined;
  return (
    token?.grantId ??
    entities?.Grant?.jti ??
    entities?.AuthorizationCode?.grantId ??
    entities?.RefreshToken?.grantId ??
    entities?.AccessToken?.grantId
  );
}

/**
 * oidc-provider's account lookup. Claims follow Auth0: profile and email claims in the ID token, and
 * `org_id` and `org_name` when the grant was issued in an organization. `org_name` is always there
 * (ID token and /userinfo): auth0-spa-js refuses a login by organization name without it, and
 * the name is no secret from the user who chose it.
 */
export function createFindAccount(services: Services) {
  return async function findAccount(ctx: KoaContextWithOIDC, sub: string, token?: { grantId?: string }): Promise<Account | undefined> {
    const user = await services.accounts.find(sub);
    if (!user || user.blocked) return undefined;
    const grantId = grantIdOf(ctx, token);
    // A code, refresh token or access token is exchanged: its grant must still be one the
    // application's organization rules, the membership and the connection admit. oidc-provider
    // answers invalid_grant when the account is not found.
    if (token?.grantId && !(await grantStillUsable(services, ctx, sub, token.grantId))) return undefined;
    return {
      accountId: sub,
      // Called by oidc-provider later, outside findAccount: guarded on its own.
      claims: guarded(async () => {
        const org = grantId ? await grantOrganization(services, grantId) : undefined;
        const claims: Record<string, unknown> = {
          sub,
          email: user.email ?? undefined,
          email_verified: user.emailVerified,
          name: user.name ?? user.email ?? undefined,
          given_name: user.givenName ?? undefined,
          family_name: user.familyName ?? undefined,
          nickname: user.nickname ?? user.email?.split('@')[0] ?? undefined,
          picture: user.picture ?? undefined,
          updated_at: Math.floor(Date.parse(user.updatedAt) / 1000),
        };
        if (org) {
          claims.org_id = org.id;
          claims.org_name = org.name;
        }
        return claims as { sub: string };
      }),
    };
  };
}

async function grantStillUsable(services: Services, ctx: KoaContextWithOIDC, userId: string, grantId: string): Promise<boolean> {
  const clientId = ctx.oidc?.client?.clientId;
  const client = clientId ? await services.clients.find(clientId) : undefined;
  if (!client) return false;
  const organization = await grantOrganization(services, grantId);
  const connectionId = organization ? await services.signIn.connectionOfGrants([grantId]) : undefined;
  return (await services.signIn.checkGrantUse({ client, userId, organizationId: organization?.id, connectionId })) === undefined;
}
