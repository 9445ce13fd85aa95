/**
 * Stand-ins for the social providers on loopback HTTPS (the test certificate, trusted through
 * NODE_EXTRA_CA_CERTS by test/run.ts): Google as a real OpenID Provider (oidc-provider, with its
 * discovery document), GitHub as a small server speaking GitHub's documented OAuth web flow and REST
 * endpoints (`/login/oauth/authorize`, `/login/oauth/access_token`, `/api/v3/user`, `/api/v3/user/emails`,
 * the paths of GitHub Enterprise Server).
 */
import { createHash, randomBytes } from 'node:crypto';
import { grantEveryRequestedScope } from '../helpers/test-op.js';
import fs from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export const SOCIAL_CLIENT_ID = 'gatehouse-social-app';
export const SOCIAL_CLIENT_SECRET = 'a-long-social-client-secret-0123456789abcdef';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(handler: { current: Handler }): Promise<{ url: string; close(): Promise<void> }> {
  const server = https.createServer(
    { key: fs.readFileSync('test/fixtures/tls/key.pem'), cert: fs.readFileSync('test/fixtures/tls/cert.pem') },
    (req, res) => handler.current(req, res),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Google's claims for a consumer account (OIDC Core §5.1 as Google fills them). */
export interface GoogleAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  given_name: string;
  family_name: string;
  picture: string;
}

export const GRACE: GoogleAccount = {
  sub: '109876543210987654321',
  email: 'Grace.Hopper@gmail.test',
  email_verified: true,
  name: 'Grace Hopper',
  given_name: 'Grace',
  family_name: 'Hopper',
  picture: 'https://lh3.googleusercontent.test/a/grace',
};

export interface GoogleStandIn {
  /** The issuer; its discovery document is `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  discoveryUrl: string;
  /** Who the next sign-in is. */
  account: GoogleAccount;
  /** When set, the next sign-ins are refused with access_denied and this description. */
  denyWith: string | undefined;
  /** The scopes of the authorization requests received, in order. */
  scopes: string[];
  /** The authorization requests received (their query parameters), in order. */
  authorizations: URLSearchParams[];
  /** Registers Gatehouse's redirect URI (known only once Gatehouse listens); call before signing in. */
  register(redirectUri: string): Promise<void>;
  close(): Promise<void>;
}

/** Google: an OpenID Provider whose ID tokens carry the profile and email claims, as Google's do. */
export async function startGoogleStandIn(): Promise<GoogleStandIn> {
  const handler: { current: Handler } = { current: (_req, res) => res.end() };
  const server = await listen(handler);
  const standIn: GoogleStandIn = {
    issuer: server.url,
    discoveryUrl: `${server.url}/.well-known/openid-configuration`,
    account: { ...GRACE },
    denyWith: undefined,
    scopes: [],
    authorizations: [],
    close: server.close,
    async register(redirectUri) {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true });
      const provider = new Provider(server.url, {
        clients: [
          {
            client_id: SOCIAL_CLIENT_ID,
            client_secret: SOCIAL_CLIENT_SECRET,
            redirect_uris: [redirectUri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'google-key-1', alg: 'RS256', use: 'sig' }] },
        cookies: { keys: ['google-stand-in-cookie-key'] },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name', 'picture'] },
        scopes: ['openid', 'email', 'profile'],
        // Google puts the requested profile and email claims in the ID token itself.
        conformIdTokenClaims: false,
        features: { devInteractions: { enabled: false } },
        interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
        findAccount: async (_ctx, sub) =>
          sub === standIn.account.sub ? { accountId: sub, claims: async () => ({ ...standIn.account }) } : undefined,
        loadExistingGrant: grantEveryRequestedScope,
      });
      const callback = provider.callback();
      handler.current = (req, res) => {
        const url = new URL(req.url ?? '/', server.url);
        if (url.pathname === '/auth') {
          standIn.scopes.push(url.searchParams.get('scope') ?? '');
          standIn.authorizations.push(url.searchParams);
        }
        if (!url.pathname.startsWith('/interaction/')) return callback(req, res);
        const result = standIn.denyWith
          ? { error: 'access_denied', error_description: standIn.denyWith }
          : { login: { accountId: standIn.account.sub } };
        provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false }).catch((err: unknown) => {
          res.statusCode = 500;
          res.end(String(err));
        });
      };
    },
  };
  return standIn;
}

/** `GET /user` as GitHub answers it (the fields that matter here), and the user's `GET /user/emails`. */
export interface GithubAccount {
  user: { login: string; id: number; avatar_url: string; name: string | null; email: string | null };
  emails: { email: string; primary: boolean; verified: boolean; visibility: string | null }[];
}

export const OCTOCAT: GithubAccount = {
  user: { login: 'octocat', id: 583231, avatar_url: 'https://avatars.githubusercontent.test/u/583231', name: 'The Octocat', email: null },
  emails: [
    { email: 'octocat@old-job.test', primary: false, verified: true, visibility: null },
    { email: 'Octocat@GitHub.test', primary: true, verified: true, visibility: 'public' },
  ],
};

export interface GithubStandIn {
  /** `GATEHOUSE_GITHUB_URL`. */
  url: string;
  /** `GATEHOUSE_GITHUB_API_URL`. */
  apiUrl: string;
  account: GithubAccount;
  /** When true, the next authorizations answer as GitHub does when the user clicks "Cancel". */
  deny: boolean;
  /** The authorization requests received (their query parameters), in order. */
  authorizations: URLSearchParams[];
  /** API requests as `METHOD path`, with the headers GitHub asks for. */
  apiRequests: { path: string; accept?: string; version?: string; userAgent?: string }[];
  close(): Promise<void>;
}

/** GitHub: the OAuth app web flow (with PKCE) and the two REST endpoints Gatehouse reads. */
export async function startGithubStandIn(): Promise<GithubStandIn> {
  const handler: { current: Handler } = { current: (_req, res) => res.end() };
  const server = await listen(handler);
  const codes = new Map<string, { redirectUri: string; challenge: string | null; scope: string }>();
  const tokens = new Map<string, { scope: string; account: GithubAccount }>();
  const standIn: GithubStandIn = {
    url: server.url,
    apiUrl: `${server.url}/api/v3`,
    account: structuredClone(OCTOCAT),
    deny: false,
    authorizations: [],
    apiRequests: [],
    close: server.close,
  };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (chunk: Buffer) => {
        data += chunk.toString('utf8');
      });
      req.on('end', () => resolve(data));
    });

  handler.current = async (req, res) => {
    const url = new URL(req.url ?? '/', server.url);
    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const params = url.searchParams;
      standIn.authorizations.push(params);
      const back = new URL(params.get('redirect_uri')!);
      if (params.get('client_id') !== SOCIAL_CLIENT_ID) return json(res, 404, { message: 'Not Found' });
      if (standIn.deny) {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', 'The user has denied your application access.');
        back.searchParams.set(
          'error_uri',
          'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied',
        );
      } else {
        const code = randomBytes(10).toString('hex');
        codes.set(code, { redirectUri: back.href, challenge: params.get('code_challenge'), scope: params.get('scope') ?? '' });
        back.searchParams.set('code', code);
      }
      back.searchParams.set('state', params.get('state') ?? '');
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      const form = new URLSearchParams(await readBody(req));
      // GitHub answers these errors with 200 (its "Troubleshooting OAuth app access token request errors").
      if (form.get('client_id') !== SOCIAL_CLIENT_ID || form.get('client_secret') !== SOCIAL_CLIENT_SECRET) {
        return json(res, 200, {
          error: 'incorrect_client_credentials',
          error_description: 'The client_id and/or client_secret passed are incorrect.',
        });
      }
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const pkceOk = code?.challenge === null || code?.challenge === createHash('sha256').update(verifier).digest('base64url');
      if (!code || code.redirectUri.split('?')[0] !== form.get('redirect_uri') || !pkceOk) {
        return json(res, 200, { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
      }
      const token = `gho_${randomBytes(18).toString('hex')}`;
      tokens.set(token, { scope: code.scope, account: structuredClone(standIn.account) });
      return json(res, 200, { access_token: token, token_type: 'bearer', scope: code.scope.replace(/ /g, ',') });
    }
    if (req.method === 'GET' && url.pathname.startsWith('/api/v3/')) {
      const path = url.pathname.slice('/api/v3'.length);
      standIn.apiRequests.push({
        path,
        accept: req.headers.accept,
        version: req.headers['x-github-api-version'] as string | undefined,
        userAgent: req.headers['user-agent'],
      });
      const bearer = /^(?:Bearer|token) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const grant = bearer ? tokens.get(bearer) : undefined;
      if (!grant) return json(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
      if (path === '/user') return json(res, 200, grant.account.user);
      // Without user:email GitHub answers 404 here.
      if (path === '/user/emails')
        return grant.scope.split(/[ ,]/).includes('user:email')
          ? json(res, 200, grant.account.emails)
          : json(res, 404, { message: 'Not Found' });
    }
    return json(res, 404, { message: 'Not Found' });
  };
  return standIn;
}

/** The environment that points Gatehouse at the stand-ins. */
export function socialEnv(google: GoogleStandIn, github: GithubStandIn): Record<string, string> {
  return { GATEHOUSE_GOOGLE_DISCOVERY_URL: google.discoveryUrl, GATEHOUSE_GITHUB_URL: github.url, GATEHOUSE_GITHUB_API_URL: github.apiUrl };
}
