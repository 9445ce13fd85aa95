import { DomainError } from '../domain/errors.js';
import { type BearerTokenOptions, USER_API_TOKEN_REFUSALS, createBearerTokenVerifier, scopesOf } from '../shared/bearer-token.js';

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
export function createMyOrgTokenVerifier(options: BearerTokenOptions) {
  const verifyBearer = createBearerTokenVerifier(
    { ...options, requiredClaims: ['sub'] },
    (reason, cause) => new DomainError('invalid_token', USER_API_TOKEN_REFUSALS[reason], { cause }),
  );
  return async function verify(authorization: string | undefined): Promise<MyOrgPrincipal> {
    const payload = await verifyBearer(authorization);
    const { sub, org_id: organizationId, gty } = payload;
    if (gty === 'client-credentials' || typeof organizationId !== 'string' || organizationId === '' || typeof sub !== 'string') {
      throw new DomainError('invalid_token', 'The token must come from a user login in an organization.');
    }
    return {
      userId: sub,
      clientId: String(payload.client_id ?? payload.azp ?? ''),
      organizationId,
      scopes: scopesOf(payload),
    };
  };
}
