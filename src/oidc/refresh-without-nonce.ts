import type { Adapter } from 'oidc-provider';

/**
 * Stores refresh tokens without the authorization request's `nonce`, so the ID tokens a refresh
 * returns carry none: OIDC Core §12.2 (errata 2) says such an ID token SHOULD NOT have one, Auth0
 * issues none, and the `auth0` SDK's AuthenticationClient refuses a nonce it was not told of.
 * oidc-provider copies the nonce from the refresh token into the refreshed ID token.
 */
export function refreshTokensWithoutNonce(adapter: Adapter): Adapter {
  return {
    ...adapter,
    upsert: (id, payload, expiresIn) => {
      const { nonce: _nonce, ...rest } = payload;
      return adapter.upsert(id, rest, expiresIn);
    },
  };
}
