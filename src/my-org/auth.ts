import { jwtVerify, type JWTVerifyGetKey } from 'jose';
import { DomainError } from '../domain/errors.js';
import type { Clock } from '../domain/shared/clock.js';

/** Who is calling the My Organization API: a person, in the organization of their token. */
export interface MyOrgPrincipal {
  userId: string;
  /** The application the token was issued to. */
  clientId: string;
  /** From the token's `org_id`: the only organization the call can reach. */
  organizationId: string;
  scopes: Set<string>;
}

/**
 * Verifies My Organization API bearer tokens: RS256 by one of our keys, our issuer, the API's
 * audience, an expiry, and a person in an organization (`sub` and `org_id`). A machine token never
 * qualifies: it has no organization login behind it.
 */
export function createMyOrgTokenVerifier(options: {
  /** Any published signing key: rotation publishes keys while the server runs (`keys.verificationKey`). */
  verificationKey: JWTVerifyGetKey;
  issuer: string | string[];
  audience: string;
  clock: Clock;
}) {
  return async function verify(authorization: string | undefined): Promise<MyOrgPrincipal> {
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
    const { sub, org_id: organizationId, gty } = payload;
    if (gty === 'client-credentials' || typeof organizationId !== 'string' || organizationId === '' || typeof sub !== 'string') {
      throw new DomainError('invalid_token', 'The token must come from a user login in an organization.');
    }
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    return {
      userId: sub,
      clientId: String(payload.client_id ?? payload.azp ?? ''),
      organizationId,
      scopes: new Set(scope.split(' ').filter(Boolean)),
    };
  };
}
