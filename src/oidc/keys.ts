import type { JWK } from 'jose';

/** The public half of a private JWK, as published in the JWKS. */
export function publicJwk(jwk: JWK): JWK {
  const { kty, n, e, kid, alg, use } = jwk;
  return { kty, n, e, kid, alg, use };
}
