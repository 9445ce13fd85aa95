// The one piece of oidc-provider's internals Gatehouse uses (src/oidc/keys.ts): the per-instance
// state its keystore and JWKS document live in. Not part of its API; keys.ts checks the shape at start.
declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  export default function instance(provider: object):
    | {
        keystore?: { clear?(): void; add?(key: object): void };
        jwks?: { keys: object[] };
      }
    | undefined;
}
