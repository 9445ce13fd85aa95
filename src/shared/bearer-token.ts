import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

// The JWT checks every bearer-token surface makes alike (Management, My Organization, My Account).
// This part knows no error model: each surface words a refusal and makes its own error.

/** Why a bearer token was refused. */
export type BearerRefusal = 'missing' | 'expired' | 'invalid';

/** How Auth0's user-facing APIs (My Organization, My Account) word each refusal. */
export const USER_API_TOKEN_REFUSALS: Record<BearerRefusal, string> = {
  missing: 'Missing or invalid token.',
  expired: 'Token expired.',
  invalid: 'Invalid Token',
};

export interface BearerTokenOptions {
  /** Any published signing key: rotation publishes keys while the server runs (`keys.verificationKey`). */
  verificationKey: JWTVerifyGetKey;
  issuer: string | string[];
  audience: string;
  /** The services' clock: expiry is judged at the time the rest of the server sees. */
  clock: { now(): Date };
}

/**
 * Verifies the bearer token of an Authorization header: RS256 by one of our keys, our issuer, the
 * audience, an expiry and the surface's `requiredClaims`. Returns the payload; any failure throws
 * the error `refuse` makes for its reason.
 */
export function createBearerTokenVerifier(
  options: BearerTokenOptions & { requiredClaims?: string[] },
  refuse: (reason: BearerRefusal, cause?: unknown) => Error,
) {
  // jose checks `exp` only when present; a token without one would never expire.
  const requiredClaims = ['exp', ...(options.requiredClaims ?? [])];
  return async function verify(authorization: string | undefined): Promise<JWTPayload> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw refuse('missing');
    try {
      const { payload } = await jwtVerify(match[1], options.verificationKey, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256'],
        requiredClaims,
        currentDate: options.clock.now(),
      });
      return payload;
    } catch (cause) {
      throw refuse((cause as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid', cause);
    }
  };
}

/** The scopes of a token's space-separated `scope` claim. */
export function scopesOf(payload: JWTPayload): Set<string> {
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  return new Set(scope.split(' ').filter(Boolean));
}
