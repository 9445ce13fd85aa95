import type { JWK } from 'jose';

/** A stored signing key, as the key set is computed from. */
export interface SigningKey {
  kid: string;
  /** The private JWK (with `kid`, `alg`, `use`). */
  jwk: JWK;
  /** When it was made; it is published (in the JWKS) as soon as it is stored. */
  createdAt: string;
  /** Signs from here on, unless retired by then. */
  activeFrom: string;
  /** Signs no more from here on; stays published `RETIRED_KEY_RETENTION_SECONDS` longer. */
  retiredAt: string | null;
}

/** The keys the provider holds at one instant. */
export interface KeySet {
  /** The private key tokens are signed with now. */
  signing: JWK;
  /**
   * Every key a token of ours may carry, the signing key first: keys waiting for their activation,
   * the current one, and retired ones within retention. Private JWKs; see `publicJwk`.
   */
  published: JWK[];
}

/** Retired keys stay in the JWKS this long, so tokens they signed still verify until they expire. */
export const RETIRED_KEY_RETENTION_SECONDS = 7 * 24 * 3600;

/**
 * The key set at `now` (ISO). The signing key is the most recently activated key that is active
 * (`activeFrom` reached, not retired); ties go to the greater kid, so every process picks the same
 * one. With none active (keys rotated with ever shorter delays, or edited by hand), the key that
 * activates first signs rather than none. Undefined when no key is left at all.
 */
export function keySetAt(keys: readonly SigningKey[], now: string): KeySet | undefined {
  const cutoff = new Date(Date.parse(now) - RETIRED_KEY_RETENTION_SECONDS * 1000).toISOString();
  const published = keys.filter((k) => k.retiredAt === null || k.retiredAt > cutoff);
  const unretired = published.filter((k) => k.retiredAt === null || k.retiredAt > now);
  const active = unretired.filter((k) => k.activeFrom <= now).sort((a, b) => compare(b.activeFrom, a.activeFrom) || compare(b.kid, a.kid));
  const pending = unretired.filter((k) => k.activeFrom > now).sort((a, b) => compare(a.activeFrom, b.activeFrom) || compare(b.kid, a.kid));
  const signing = active[0] ?? pending[0];
  if (!signing) return undefined;
  const others = published.filter((k) => k !== signing).sort((a, b) => compare(b.createdAt, a.createdAt) || compare(b.kid, a.kid));
  return { signing: signing.jwk, published: [signing, ...others].map((k) => k.jwk) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The public half of a private JWK, as published in the JWKS. */
export function publicJwk(jwk: JWK): JWK {
  const { kty, n, e, kid, alg, use } = jwk;
  return { kty, n, e, kid, alg, use };
}
