import { jwtVerify, type JWTVerifyGetKey } from 'jose';
import { DomainError } from '../domain/errors.js';
import type { Clock } from '../domain/shared/clock.js';

/** Who is calling the Management API, from a verified access token. */
export interface Principal {
  clientId: string;
  subject: string;
  scopes: Set<string>;
}

/**
 * Verifies Management API bearer tokens: RS256 signature by one of our published keys (any node's,
 * before and after a rotation: `verificationKey` follows the key set in the database), issuer,
 * audience, expiry (required). Any failure is a 401 that does not say which check failed beyond
 * Auth0's wording.
 */
export function createTokenVerifier(options: {
  verificationKey: JWTVerifyGetKey;
  issuer: string | string[];
  audience: string;
  clock: Clock;
}) {
  return async function verify(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new DomainError('invalid_token', 'Missing authentication');
    try {
      const { payload } = await jwtVerify(match[1], options.verificationKey, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256'],
        // jose checks `exp` only when present; a token without one would never expire.
        requiredClaims: ['exp'],
        currentDate: options.clock.now(),
      });
      const scope = typeof payload.scope === 'string' ? payload.scope : '';
      const clientId = String(payload.client_id ?? payload.azp ?? payload.sub ?? '');
      return { clientId, subject: String(payload.sub ?? ''), scopes: new Set(scope.split(' ').filter(Boolean)) };
    } catch (cause) {
      const expired = (cause as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw new DomainError('invalid_token', expired ? 'Expired token received for JSON Web Token validation' : 'Invalid token', { cause });
    }
  };
}
