import type Provider from 'oidc-provider';
import instance from 'oidc-provider/lib/helpers/weak_cache.js';
import { type KeySet, publicJwk } from '../domain/keys/key-set.js';

type Middleware = Parameters<Provider['use']>[0];

/**
 * Keeps the provider's keys on the current key set, without a restart.
 *
 * oidc-provider 9 takes `jwks` once, at construction, into a keystore and the JWKS document it
 * serves (both in its per-instance state). It reads them afresh on every use: a token is signed
 * with the keystore's first key of the algorithm (`selectForSign`, a stable sort), an
 * `id_token_hint` is verified with any key of its `kid`, `/.well-known/jwks.json` answers that
 * document. So rather than rebuild the provider on each change (its grant types, middleware and
 * every reference the app holds to it), this middleware, ahead of the provider's routes, refills
 * that keystore — the signing key first, then every published key — and replaces the document
 * when the set has changed. Both happen synchronously, so no request sees half a change.
 */
export function followKeySet(provider: Provider, keySet: () => Promise<KeySet>, initial: KeySet): Middleware {
  const internals = instance(provider);
  const keystore = internals?.keystore;
  if (!internals?.jwks || typeof keystore?.clear !== 'function' || typeof keystore.add !== 'function') {
    // An oidc-provider upgrade moved its keystore: refuse to start rather than never rotate.
    throw new Error("oidc-provider's keystore is not where Gatehouse expects it (src/oidc/keys.ts)");
  }
  let installed = '';
  const install = (set: KeySet) => {
    const fingerprint = `${set.signing.kid} ${set.published.map((k) => k.kid).join(' ')}`;
    if (fingerprint === installed) return;
    keystore.clear!();
    // Copies: the key set is frozen and shared, oidc-provider's keystore is its own.
    for (const key of set.published) keystore.add!(structuredClone(key));
    internals.jwks = { keys: set.published.map(publicJwk) };
    installed = fingerprint;
  };
  install(initial);
  return async (_ctx, next) => {
    install(await keySet());
    await next();
  };
}
