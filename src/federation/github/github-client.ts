import * as client from 'openid-client';
import { DomainError } from '../../domain/errors.js';
import type { Connection } from '../../domain/connections/connections.types.js';
import type { FederatedProfile } from '../profile.js';
import type { Fetch } from '../oidc/discovery-cache.js';
import type { AuthorizationExtras, UpstreamLoginChecks } from '../oidc/upstream-client.js';
import { upstreamParameters } from '../upstream-params.js';
import { idpDenied, stateMismatch, tokenError, userinfoError } from '../oidc/upstream-errors.js';
import { GITHUB_API_URL, GITHUB_URL, readGithubSettings, type GithubEndpoints, type GithubSettings } from './settings.js';
import { rfcTokenErrors } from './token-errors.js';

export interface GithubUpstreamDeps {
  /** GitHub's web host and REST API; default the real ones. */
  endpoints?: Partial<GithubEndpoints>;
  /** Defaults to global fetch. */
  fetch?: Fetch;
}

/** `GET /user` (GitHub REST API), the fields Gatehouse reads. */
interface GithubUser {
  id: number;
  login: string;
  name?: string | null;
  avatar_url?: string | null;
}

/** One entry of `GET /user/emails`. */
interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

// GitHub's REST API asks for its media type, a pinned version and a User-Agent on every request.
const API_HEADERS = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'Gatehouse' };

/** The verified primary address, lowercased; GitHub's other addresses (and an unverified primary) are not the user's email. */
export function verifiedPrimaryEmail(emails: unknown): string | undefined {
  if (!Array.isArray(emails)) return undefined;
  const primary = (emails as GithubEmail[]).find((entry) => entry && entry.primary === true);
  return primary?.verified === true && typeof primary.email === 'string' ? primary.email.trim().toLowerCase() : undefined;
}

function unverifiedEmail(settings: GithubSettings): DomainError {
  return new DomainError(
    'idp_email_unverified',
    'Your GitHub account has no verified primary email address. Verify your primary email address at GitHub (Settings, Emails), then sign in again.',
    { cause: { connection: settings.connectionName, step: 'userinfo', detail: 'no verified primary email in GET /user/emails' } },
  );
}

/**
 * Signs users in with GitHub's OAuth 2.0 web flow (authorization code, state, PKCE S256) through
 * openid-client, then reads who they are from GitHub's REST API: `GET /user` and `GET /user/emails`.
 * GitHub is not an OpenID Provider: there is no ID token, the access token is the proof.
 */
export function createGithubUpstream(deps: GithubUpstreamDeps = {}) {
  const webUrl = (deps.endpoints?.webUrl ?? GITHUB_URL).replace(/\/+$/, '');
  const apiUrl = (deps.endpoints?.apiUrl ?? GITHUB_API_URL).replace(/\/+$/, '');
  const tokenUrl = `${webUrl}/login/oauth/access_token`;
  const server: client.ServerMetadata = {
    issuer: webUrl,
    authorization_endpoint: `${webUrl}/login/oauth/authorize`,
    token_endpoint: tokenUrl,
  };
  const fetcher = rfcTokenErrors(deps.fetch ?? ((url, init) => fetch(url, init)), tokenUrl);

  function configure(settings: GithubSettings): client.Configuration {
    // GitHub documents client_id and client_secret as body parameters of the token request.
    const config = new client.Configuration(
      server,
      settings.clientId,
      { client_secret: settings.clientSecret },
      client.ClientSecretPost(settings.clientSecret),
    );
    config.timeout = 10;
    config[client.customFetch] = fetcher as client.CustomFetch;
    return config;
  }

  async function api<T>(settings: GithubSettings, config: client.Configuration, accessToken: string, path: string): Promise<T> {
    try {
      const response = await client.fetchProtectedResource(
        config,
        accessToken,
        new URL(`${apiUrl}${path}`),
        'GET',
        undefined,
        new Headers(API_HEADERS),
      );
      if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
      return (await response.json()) as T;
    } catch (err) {
      throw userinfoError(settings, err);
    }
  }

  return {
    /** The URL to send the browser to at GitHub. */
    async authorizationUrl(connection: Connection, checks: UpstreamLoginChecks, extras: AuthorizationExtras = {}): Promise<string> {
      const settings = readGithubSettings(connection);
      return client.buildAuthorizationUrl(configure(settings), {
        ...upstreamParameters(settings.upstreamParams, extras.requestParams),
        redirect_uri: checks.redirectUri,
        scope: settings.scope,
        state: checks.state,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      }).href;
    },

    /**
     * Finishes a login from GitHub's redirect: checks state, surfaces a refusal, exchanges the code,
     * then reads the user and their verified primary email. No verified primary email: refused.
     */
    async completeCallback(connection: Connection, callbackUrl: URL, checks: UpstreamLoginChecks): Promise<FederatedProfile> {
      const settings = readGithubSettings(connection);
      const params = callbackUrl.searchParams;
      if (params.get('state') !== checks.state) throw stateMismatch(settings);
      const error = params.get('error');
      if (error) throw idpDenied(settings, error, params.get('error_description'));

      const config = configure(settings);
      const url = new URL(checks.redirectUri);
      url.search = callbackUrl.search;
      let accessToken: string;
      try {
        const tokens = await client.authorizationCodeGrant(config, url, {
          expectedState: checks.state,
          pkceCodeVerifier: checks.codeVerifier,
        });
        accessToken = tokens.access_token;
      } catch (err) {
        throw tokenError(settings, err);
      }
      const user = await api<GithubUser>(settings, config, accessToken, '/user');
      if (typeof user?.id !== 'number' && typeof user?.id !== 'string') throw userinfoError(settings, new Error('GET /user has no id'));
      const email = verifiedPrimaryEmail(await api<unknown>(settings, config, accessToken, '/user/emails'));
      if (!email) throw unverifiedEmail(settings);
      const profile: FederatedProfile = {
        subject: String(user.id),
        email,
        emailVerified: true,
        groups: [],
        attributes: { ...user },
      };
      if (user.name) profile.name = user.name;
      if (user.login) profile.nickname = user.login;
      if (user.avatar_url) profile.picture = user.avatar_url;
      return profile;
    },
  };
}

export type GithubUpstream = ReturnType<typeof createGithubUpstream>;
