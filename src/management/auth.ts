import { DomainError } from '../domain/errors.js';
import { type BearerRefusal, type BearerTokenOptions, createBearerTokenVerifier, scopesOf } from '../shared/bearer-token.js';

/** Who is calling the Management API, from a verified access token. */
export interface Principal {
  clientId: string;
  subject: string;
  scopes: Set<string>;
}

/** Auth0's Management API wording of each refusal. */
const REFUSALS: Record<BearerRefusal, string> = {
  missing: 'Missing authentication',
  expired: 'Expired token received for JSON Web Token validation',
  invalid: 'Invalid token',
};

/**
 * Verifies Management API bearer tokens: RS256 signature by one of our published keys (any node's,
 * before and after a rotation: `verificationKey` follows the key set in the database), issuer,
 * audience, expiry (required). Any failure is a 401 that does not say which check failed beyond
 * Auth0's wording.
 */
export function createTokenVerifier(options: BearerTokenOptions) {
  const verifyBearer = createBearerTokenVerifier(options, (reason, cause) => new DomainError('invalid_token', REFUSALS[reason], { cause }));
  return async function verify(authorization: string | undefined): Promise<Principal> {
    const payload = await verifyBearer(authorization);
    const clientId = String(payload.client_id ?? payload.azp ?? payload.sub ?? '');
    return { clientId, subject: String(payload.sub ?? ''), scopes: scopesOf(payload) };
  };
}
