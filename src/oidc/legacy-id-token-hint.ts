import { compactVerify, decodeJwt, type JWTVerifyGetKey } from 'jose';
import type Provider from 'oidc-provider';

type Middleware = Parameters<Provider['use']>[0];

/**
 * ID tokens issued before the issuer gained its trailing slash carry the bare base URL as `iss`,
 * and oidc-provider refuses them as `id_token_hint` at logout whatever their age (it ignores
 * their expiry there). An application that kept one in its session would then never log out.
 * Such a hint, when our keys signed it, is replaced by the `client_id` it names: the logout goes
 * on as one without a hint (post_logout_redirect_uri still checked against that application).
 * Only GET: a POSTed form is left to oidc-provider, body unread.
 */
export function acceptLegacyIdTokenHint(options: { issuer: string; verificationKey: JWTVerifyGetKey; path: string }): Middleware {
  async function legacyAudience(hint: string): Promise<string | undefined> {
    try {
      const { iss, aud } = decodeJwt(hint);
      if (iss !== options.issuer || typeof aud !== 'string') return undefined;
      await compactVerify(hint, options.verificationKey, { algorithms: ['RS256'] });
      return aud;
    } catch {
      return undefined;
    }
  }

  return async (ctx, next) => {
    const hint = ctx.method === 'GET' && ctx.path === options.path ? ctx.query.id_token_hint : undefined;
    if (typeof hint === 'string') {
      const audience = await legacyAudience(hint);
      const { id_token_hint: _hint, ...rest } = ctx.query;
      // A client_id naming another application keeps the hint, so oidc-provider refuses the mismatch.
      if (audience && (rest.client_id === undefined || rest.client_id === audience)) ctx.query = { ...rest, client_id: audience };
    }
    await next();
  };
}
