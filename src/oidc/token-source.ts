import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * The user and grant a token is being minted for: the code or refresh token being exchanged; the
 * password grants (password-grant.ts) have neither, their grant names the user.
 */
export function tokenSource(ctx: KoaContextWithOIDC): { accountId?: string; grantId?: string } | undefined {
  const entities = ctx.oidc.entities as {
    AuthorizationCode?: { accountId?: string; grantId?: string };
    RefreshToken?: { accountId?: string; grantId?: string };
    Grant?: { accountId?: string; jti: string };
  };
  return (
    entities.AuthorizationCode ??
    entities.RefreshToken ??
    (entities.Grant ? { accountId: entities.Grant.accountId, grantId: entities.Grant.jti } : undefined)
  );
}
