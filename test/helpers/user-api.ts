// Gatehouse's user-facing APIs (My Organization at /my-org/v1, My Account at /me/v1) alike: a call
// with a bearer token, their problem+json answers, and a token from a real login for their audience.
import assert from 'node:assert/strict';
import type * as oidc from 'openid-client';
import type { TestServer } from './start-server.js';
import { authorize, createAgent, exchange, registerApp, signInWithPassword } from '../login/login.fixtures.js';

/** A call under `base` (`/my-org/v1`, `/me/v1`) with a bearer token, or none when it is undefined. */
export async function callUserApi(
  server: TestServer,
  base: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${server.url}${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : undefined,
    contentType: res.headers.get('content-type'),
    headers: res.headers,
  };
}

/** Asserts a problem+json answer with this status and Gatehouse code; returns the body. */
export function assertProblem(res: { status: number; body: any; contentType: string | null }, status: number, code: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.match(res.contentType ?? '', /^application\/problem\+json/);
  assert.equal(res.body.status, status);
  assert.equal(res.body.code, code);
  assert.equal(typeof res.body.title, 'string');
  assert.match(res.body.type, /^https:\/\/auth0\.com\/api-errors\/A0E-\d{3}-\d{4}$/);
  return res.body;
}

/**
 * An application that may act on the API at `audience` for its users (Auth0's client grant with
 * `subject_type: "user"`), with these scopes; `registration` adds to its registration.
 */
export async function userApiApp(server: TestServer, audience: string, scopes: string[], registration: Record<string, unknown> = {}) {
  const app = await registerApp(server, { grant_types: ['authorization_code', 'refresh_token', 'client_credentials'], ...registration });
  const grant = await server.api('POST', '/client-grants', {
    client_id: app.client.client_id,
    audience,
    scope: scopes,
    subject_type: 'user',
  });
  assert.equal(grant.status, 201, JSON.stringify(grant.body));
  return app;
}

/**
 * A real login for the API at `audience`: the authorization code flow (with the organization
 * parameter when given), the hosted login (email, then password), PKCE and the code exchange by
 * openid-client. Returns the tokens.
 */
export async function signInForApi(
  app: { config: oidc.Configuration },
  input: { audience: string; scope: string; email: string; organization?: string },
) {
  const agent = createAgent();
  const flow = await authorize(app.config, agent, {
    ...(input.organization ? { organization: input.organization } : {}),
    audience: input.audience,
    scope: input.scope,
  });
  const done = await signInWithPassword(agent, flow.page, input.email);
  return exchange(app.config, done.url, flow);
}

/** A client-credentials token request of this application for the API at `audience` (which refuses it). */
export async function requestClientCredentials(
  server: TestServer,
  app: { client: { client_id: string; client_secret?: string } },
  audience: string,
) {
  const res = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: app.client.client_id,
      client_secret: app.client.client_secret,
      audience,
    }),
  });
  return { status: res.status, body: (await res.json()) as { error: string; error_description: string } };
}
