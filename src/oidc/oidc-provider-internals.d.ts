// The one piece of oidc-provider's internals Gatehouse uses: the per-instance state its keystore and
// JWKS document (src/oidc/keys.ts) and its response modes (src/oidc/web-message.ts) live in. Not part
// of its API; each user checks the shape at start.
declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  export default function instance(provider: object):
    | {
        keystore?: { clear?(): void; add?(key: object): void };
        jwks?: { keys: object[] };
        responseModes?: unknown;
      }
    | undefined;
}
