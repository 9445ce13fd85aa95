import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * `loadExistingGrant` for the identity providers the tests stand up: consent is out of scope, so
 * every requested scope is granted.
 */
export async function grantEveryRequestedScope(ctx: KoaContextWithOIDC) {
  const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
  grant.addOIDCScope(String(ctx.oidc.params!.scope));
  await grant.save();
  return grant;
}
