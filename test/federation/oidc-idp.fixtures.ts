/**
 * A stand-in enterprise IdP: a second oidc-provider on a loopback HTTPS port (the test TLS certificate,
 * trusted through NODE_EXTRA_CA_CERTS by test/run.ts). Its interaction signs in one fixed account
 * without a form, or refuses with access_denied when told to.
 */
import fs from 'node:fs';
import { grantEveryRequestedScope } from '../helpers/test-op.js';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import type { Connection, ConnectionOptions } from '../../src/domain/connections/connections.types.js';

export const REDIRECT_URI = 'https://gatehouse.test/login/callback/oidc';
export const CLIENT_ID = 'gatehouse-at-acme';
export const CLIENT_SECRET = 'a-long-client-secret-registered-at-the-idp-0123456789';

/** The account the IdP signs in; `upn` and `roles` are there for mapping tests. */
export const ACCOUNT = {
  sub: 'acme-user-42',
  email: 'Ada.Lovelace@acme.test',
  email_verified: true,
  name: 'Ada Lovelace',
  given_name: 'Ada',
  family_name: 'Lovelace',
  groups: ['engineering', 'admins'],
  upn: 'ada@corp.acme.test',
  roles: ['Owner'],
};

export interface TestIdp {
  issuer: string;
  /** Paths requested at the IdP, in order (discovery, jwks, token, userinfo…). */
  requests: string[];
  /** When set, the next interactions refuse the login with access_denied and this description. */
  denyWith: string | undefined;
  close(): Promise<void>;
}

/**
 * Starts the IdP. `idTokenCarriesClaims: false` keeps oidc-provider's default (OIDC Core §5.4:
 * scope-requested claims only at userinfo when an access token is issued).
 */
export async function startTestIdp(options: { idTokenCarriesClaims: boolean; redirectUris?: string[] }): Promise<TestIdp> {
  let handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void = (_req, res) => res.end();
  const server = https.createServer(
    { key: fs.readFileSync('test/fixtures/tls/key.pem'), cert: fs.readFileSync('test/fixtures/tls/cert.pem') },
    (req, res) => handler(req, res),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: options.redirectUris ?? [REDIRECT_URI],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['test-idp-cookie-key'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
      groups: ['groups', 'upn', 'roles'],
    },
    scopes: ['openid', 'email', 'profile', 'groups'],
    conformIdTokenClaims: !options.idTokenCarriesClaims,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => (sub === ACCOUNT.sub ? { accountId: sub, claims: async () => ({ ...ACCOUNT }) } : undefined),
    loadExistingGrant: grantEveryRequestedScope,
  });
  const callback = provider.callback();

  const idp: TestIdp = {
    issuer,
    requests: [],
    denyWith: undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  handler = (req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    idp.requests.push(path);
    if (!path.startsWith('/interaction/')) return callback(req, res);
    const result = idp.denyWith ? { error: 'access_denied', error_description: idp.denyWith } : { login: { accountId: ACCOUNT.sub } };
    provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false }).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  };
  return idp;
}

/** An enterprise connection as the domain holds it, pointing at the IdP. */
export function oidcConnection(idp: TestIdp, options: Partial<ConnectionOptions> = {}, fields: Partial<Connection> = {}): Connection {
  return {
    id: 'con_oidcUpstreamTest1',
    name: 'acme-oidc',
    display_name: 'Acme SSO',
    strategy: 'oidc',
    options: {
      domain_aliases: ['acme.test'],
      is_create_missing_user: true,
      is_trusted: false,
      issuer: idp.issuer,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      ...options,
    },
    enabled_clients: [],
    realms: ['acme-oidc'],
    is_domain_connection: false,
    metadata: {},
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}
