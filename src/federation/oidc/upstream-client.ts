import * as client from 'openid-client';
import type { Connection } from '../../domain/connections/connections.types.js';
import { systemClock, type Clock } from '../../domain/shared/clock.js';
import type { FederatedProfile } from '../profile.js';
import { lacksEmail, mapClaims, type UpstreamClaims } from './claims-mapping.js';
import { createDiscoveryCache, type Fetch } from './discovery-cache.js';
import { GOOGLE_DISCOVERY_URL, readOidcSettings, type OidcProviderDefaults, type OidcSettings } from './settings.js';
import { upstreamParameters } from '../upstream-params.js';
import { idpDenied, stateMismatch, tokenError, userinfoError } from './upstream-errors.js';

export interface OidcUpstreamDeps {
  /** Defaults to the system clock; tests freeze it to check expiry and the cache TTL. */
  clock?: Clock;
  /** Defaults to global fetch. */
  fetch?: Fetch;
  /** How long discovered IdP metadata is reused; default one hour. */
  discoveryTtlSeconds?: number;
  /** Google's discovery document for `google-oauth2` connections; defaults to the real Google. */
  googleDiscoveryUrl?: string;
}

/** The values one login keeps (in its interaction) between the redirect and the callback. */
export interface UpstreamLoginChecks {
  /** Gatehouse's callback URL, registered at the IdP; sent in both requests (RFC 6749 §4.1.3). */
  redirectUri: string;
  state: string;
  nonce: string;
  /** PKCE verifier (RFC 7636); only its S256 challenge leaves Gatehouse on the redirect. */
  codeVerifier: string;
}

/** Extra authorization request parameters the login page may pass on. */
export interface AuthorizationExtras {
  /** The email the user typed for home realm discovery (OIDC Core §3.1.2.1 login_hint). */
  loginHint?: string;
  /** The application's /authorize parameters, which `upstream_params` aliases read. */
  requestParams?: Record<string, unknown>;
}

/** Fresh per-login secrets: state, nonce and PKCE verifier. */
export function newUpstreamChecks(redirectUri: string): UpstreamLoginChecks {
  return { redirectUri, state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
}

/**
 * The callback URL as openid-client must see it: Gatehouse's registered redirect URI with the IdP's
 * response parameters, so the redirect_uri sent to the token endpoint is exactly the one authorized
 * even behind a proxy that rewrote the request's host or scheme.
 */
function responseUrl(redirectUri: string, callbackUrl: URL): URL {
  const url = new URL(redirectUri);
  url.search = callbackUrl.search;
  return url;
}

/**
 * Signs users in at a connection's upstream OpenID Connect IdP: authorization code flow with PKCE S256,
 * state and nonce; the ID token is validated by openid-client (signature, issuer, audience, nonce, expiry).
 */
export function createOidcUpstream(deps: OidcUpstreamDeps = {}) {
  const clock = deps.clock ?? systemClock;
  const discovery = createDiscoveryCache({ clock, fetch: deps.fetch, ttlSeconds: deps.discoveryTtlSeconds ?? 3600 });
  const defaults: OidcProviderDefaults = { googleDiscoveryUrl: deps.googleDiscoveryUrl ?? GOOGLE_DISCOVERY_URL };

  async function exchangeCode(settings: OidcSettings, connection: Connection, callbackUrl: URL, checks: UpstreamLoginChecks) {
    const { config, keepKeys } = await discovery.configure(settings, connection.updated_at);
    try {
      const tokens = await client.authorizationCodeGrant(config, responseUrl(checks.redirectUri, callbackUrl), {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      keepKeys();
      return { config, tokens };
    } catch (err) {
      throw tokenError(settings, err);
    }
  }

  async function fetchUserinfo(settings: OidcSettings, config: client.Configuration, accessToken: string, subject: string) {
    try {
      // The subject check stops a userinfo answer about someone else (OIDC Core §5.3.2).
      return (await client.fetchUserInfo(config, accessToken, subject)) as Record<string, unknown>;
    } catch (err) {
      throw userinfoError(settings, err);
    }
  }

  return {
    /** The URL to send the browser to at the connection's IdP. */
    async authorizationUrl(connection: Connection, checks: UpstreamLoginChecks, extras: AuthorizationExtras = {}): Promise<string> {
      const settings = readOidcSettings(connection, defaults);
      const { config } = await discovery.configure(settings, connection.updated_at);
      const parameters: Record<string, string> = {
        ...upstreamParameters(settings.upstreamParams, extras.requestParams),
        response_type: 'code',
        redirect_uri: checks.redirectUri,
        scope: settings.scope,
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      };
      if (extras.loginHint) parameters.login_hint = extras.loginHint;
      return client.buildAuthorizationUrl(config, parameters).href;
    },

    /**
     * Finishes a login from the IdP's redirect back to Gatehouse: checks state, surfaces an IdP error,
     * exchanges the code, validates the ID token, reads userinfo when the ID token has no email, maps claims.
     */
    async completeCallback(connection: Connection, callbackUrl: URL, checks: UpstreamLoginChecks): Promise<FederatedProfile> {
      const settings = readOidcSettings(connection, defaults);
      const params = callbackUrl.searchParams;
      // State first, even on an error response: an unmatched callback is not this login's to report.
      if (params.get('state') !== checks.state) throw stateMismatch(settings);
      const error = params.get('error');
      if (error) throw idpDenied(settings, error, params.get('error_description'));

      const { config, tokens } = await exchangeCode(settings, connection, callbackUrl, checks);
      const claims: UpstreamClaims = { idToken: { ...tokens.claims()! } };
      if (lacksEmail(settings, claims) && config.serverMetadata().userinfo_endpoint) {
        claims.userinfo = await fetchUserinfo(settings, config, tokens.access_token, String(claims.idToken.sub));
      }
      return mapClaims(settings, claims);
    },

    /** Forgets a connection's cached discovery (e.g. after it is deleted). */
    forget(connectionId: string): void {
      discovery.forget(connectionId);
    },
  };
}

export type OidcUpstream = ReturnType<typeof createOidcUpstream>;
