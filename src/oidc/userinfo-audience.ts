import { jwtVerify, type JWTVerifyGetKey } from 'jose';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { ProtocolStoreService } from '../domain/protocol-store/protocol-store.service.js';
import type { Clock } from '../domain/shared/clock.js';
import { createPayloadAdapter } from './adapter.js';
import { guardedAdapter } from './unavailable.js';

/**
 * Auth0's API access tokens for `openid` also name `https://<domain>/userinfo` in `aud`, and its
 * /userinfo accepts them (express-openid-connect's `fetchUserInfo()` relies on it). oidc-provider
 * keeps JWT access tokens nowhere and answers /userinfo only for its own stored (opaque) tokens.
 * So when such a JWT is minted, an opaque userinfo token for the same grant, account and OIDC
 * scopes is minted beside it, and the JWT's `jti` points to it; a /userinfo request bearing the
 * verified JWT is served with that token, by oidc-provider's own userinfo endpoint (grant,
 * account, session and claims checks included). Revoking the grant revokes both.
 */
const COMPANION_MODEL = 'UserinfoCompanion';

type Middleware = Parameters<Provider['use']>[0];

interface JwtAccessToken {
  kind: string;
  accountId?: string;
  clientId?: string;
  grantId?: string;
  gty?: string;
  sid?: string;
  sessionUid?: string;
  expiresWithSession?: boolean;
}

interface StructuredJwt {
  payload: Record<string, unknown> & { jti?: string; aud?: string | string[]; scope?: string; iat?: number; exp?: number };
}

interface GrantLike {
  getOIDCScopeFiltered(scopes: Set<string>): string;
}
interface ScopedToken {
  scopes: Set<string>;
  claims?: unknown;
}

/** The OIDC scopes the grant behind this token request allows (`openid profile email …`), or ''. */
function grantedOidcScope(ctx: KoaContextWithOIDC, oidcScopes: Set<string>): { scope: string; claims: unknown } {
  const entities = ctx.oidc.entities as { Grant?: GrantLike; AuthorizationCode?: ScopedToken; RefreshToken?: ScopedToken };
  const grant = entities.Grant;
  if (!grant) return { scope: '', claims: undefined };
  const source = entities.AuthorizationCode ?? entities.RefreshToken;
  // A refresh request may narrow the scope (oidc-provider has checked it against the refresh token).
  const narrowed = !entities.AuthorizationCode && ctx.oidc.params?.scope ? ctx.oidc.requestParamScopes : undefined;
  const requested = narrowed ?? source?.scopes;
  // The grant's OIDC part holds every requested scope it does not attribute to an API: keep the
  // OIDC scopes proper.
  const scope = requested
    ? grant
        .getOIDCScopeFiltered(requested)
        .split(' ')
        .filter((s) => oidcScopes.has(s))
        .join(' ')
    : '';
  return { scope, claims: source?.claims };
}

/** Builds the JWT customizer (issuing side) and the /userinfo middleware (accepting side). */
export function createUserinfoAudience(deps: {
  store: ProtocolStoreService;
  clock: Clock;
  issuer: string;
  /** Resolves any published signing key (services.keys.verificationKey). */
  verificationKey: JWTVerifyGetKey;
  oidcScopes: string[];
  path: string;
}) {
  const oidcScopes = new Set(deps.oidcScopes);
  const userinfoUrl = `${deps.issuer}${deps.path}`;
  const companions = guardedAdapter(createPayloadAdapter(deps.store, COMPANION_MODEL));

  /** oidc-provider's `formats.customizers.jwt`: adds the userinfo audience and Auth0's `scope`. */
  async function customizeJwt(ctx: KoaContextWithOIDC, token: JwtAccessToken, jwt: StructuredJwt): Promise<void> {
    if (token.kind !== 'AccessToken' || !token.accountId || !token.grantId || !ctx.oidc.client) return;
    const { scope, claims } = grantedOidcScope(ctx, oidcScopes);
    if (!scope.split(' ').includes('openid')) return;
    const { jti, iat, exp, aud } = jwt.payload;
    if (!jti || !iat || !exp || typeof aud !== 'string') return;
    // The same lifetime, counted on oidc-provider's own clock.
    const expiresIn = exp - iat;
    const companion = new ctx.oidc.provider.AccessToken({
      accountId: token.accountId,
      client: ctx.oidc.client,
      grantId: token.grantId,
      scope,
      claims: claims as never,
      expiresIn,
      gty: token.gty!,
      sid: token.sid,
      sessionUid: token.sessionUid,
      expiresWithSession: token.expiresWithSession,
    });
    const value = await companion.save();
    await companions.upsert(jti, { token: value, grantId: token.grantId }, expiresIn);
    // Auth0's shape: [API, <domain>/userinfo], the authorized party, and every granted scope.
    jwt.payload.aud = [aud, userinfoUrl];
    jwt.payload.azp = token.clientId;
    jwt.payload.scope = [scope, jwt.payload.scope].filter(Boolean).join(' ');
  }

  /** Serves /userinfo for a JWT access token that names it, through the companion opaque token. */
  const acceptJwt: Middleware = async (ctx, next) => {
    const match = ctx.path === deps.path ? /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(ctx.get('authorization')) : null;
    if (match) {
      const companion = await companionOf(match[1]);
      // Anything else is left to oidc-provider, which answers 401 invalid_token as for any unknown token.
      if (companion) ctx.req.headers.authorization = `Bearer ${companion}`;
    }
    await next();
  };

  async function companionOf(jwt: string): Promise<string | undefined> {
    let jti: string;
    try {
      const { payload } = await jwtVerify(jwt, deps.verificationKey, {
        issuer: `${deps.issuer}/`,
        audience: userinfoUrl,
        typ: 'at+jwt',
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'jti'],
        currentDate: deps.clock.now(),
      });
      jti = String(payload.jti);
    } catch {
      return undefined;
    }
    const stored = await companions.find(jti);
    return typeof stored?.token === 'string' ? stored.token : undefined;
  }

  return { customizeJwt, acceptJwt };
}
