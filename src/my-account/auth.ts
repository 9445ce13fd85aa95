import { jwtVerify, type JWTVerifyGetKey } from 'jose';
import { DomainError } from '../domain/errors.js';
import type { Clock } from '../domain/shared/clock.js';

/** Who is calling the My Account API: a person, about themselves only. */
export interface MyAccountPrincipal {
  /** The token's `sub`: the only user any call reaches. */
  userId: string;
  /** The application the token was issued to. */
  clientId: string;
  scopes: Set<string>;
  /** When the user last proved who they are (`auth_time`, epoch seconds), when the token says. */
  authTime?: number;
}

/**
 * Verifies My Account API bearer tokens: RS256 by one of our keys, our issuer, the API's audience,
 * an expiry, and a person (`sub`). A machine token never qualifies: there is no person behind it.
 */
export function createMyAccountTokenVerifier(options: {
  /** Any published signing key: rotation publishes keys while the server runs (`keys.verificationKey`). */
  verificationKey: JWTVerifyGetKey;
  issuer: string | string[];
  audience: string;
  clock: Clock;
}) {
  return async function verify(authorization: string | undefined): Promise<MyAccountPrincipal> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new DomainError('invalid_token', 'Missing or invalid token.');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(match[1], options.verificationKey, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256'],
        // jose checks `exp` only when present; a token without one would never expire.
        requiredClaims: ['exp', 'sub'],
        currentDate: options.clock.now(),
      }));
    } catch (cause) {
      const expired = (cause as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw new DomainError('invalid_token', expired ? 'Token expired.' : 'Invalid Token', { cause });
    }
    const { sub, gty, auth_time: authTime } = payload;
    if (gty === 'client-credentials' || typeof sub !== 'string' || sub === '') {
      throw new DomainError('invalid_token', 'The token must come from a user login.');
    }
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    return {
      userId: sub,
      clientId: String(payload.client_id ?? payload.azp ?? ''),
      scopes: new Set(scope.split(' ').filter(Boolean)),
      ...(typeof authTime === 'number' ? { authTime } : {}),
    };
  };
}
