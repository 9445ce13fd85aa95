import { DomainError } from '../domain/errors.js';
import { type BearerTokenOptions, USER_API_TOKEN_REFUSALS, createBearerTokenVerifier, scopesOf } from '../shared/bearer-token.js';

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
export function createMyAccountTokenVerifier(options: BearerTokenOptions) {
  const verifyBearer = createBearerTokenVerifier(
    { ...options, requiredClaims: ['sub'] },
    (reason, cause) => new DomainError('invalid_token', USER_API_TOKEN_REFUSALS[reason], { cause }),
  );
  return async function verify(authorization: string | undefined): Promise<MyAccountPrincipal> {
    const payload = await verifyBearer(authorization);
    const { sub, gty, auth_time: authTime } = payload;
    if (gty === 'client-credentials' || typeof sub !== 'string' || sub === '') {
      throw new DomainError('invalid_token', 'The token must come from a user login.');
    }
    return {
      userId: sub,
      clientId: String(payload.client_id ?? payload.azp ?? ''),
      scopes: scopesOf(payload),
      ...(typeof authTime === 'number' ? { authTime } : {}),
    };
  };
}
