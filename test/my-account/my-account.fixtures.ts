import assert from 'node:assert/strict';
import { MY_ACCOUNT_SCOPES } from '../../src/domain/resource-servers/my-account-api.js';
import type { TestServer } from '../helpers/start-server.js';
import { PASSWORD, authorize, createAgent, exchange, registerApp, signInWithPassword } from '../login/login.fixtures.js';

export { MY_ACCOUNT_SCOPES };

/** The My Account API's audience on a test server, as Auth0 forms it. */
export const audienceOf = (server: TestServer) => `${server.url}/me/`;

/** A call to /me/v1 with a bearer token. */
export async function me(server: TestServer, token: string | undefined, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/me/v1${path}`, {
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
  assert.match(res.body.type, /^https:\/\/auth0\.com\/api-errors\/A0E-\d{3}-\d{4}$/);
  return res.body;
}

/** Asserts a 400 that names `field` in its validation errors. */
export function assertRefusedField(res: { status: number; body: any; contentType: string | null }, code: string, field: string) {
  const body = assertProblem(res, 400, code);
  assert.equal(body.validation_errors?.[0]?.field, field, JSON.stringify(body));
  assert.ok(body.validation_errors[0].detail.length > 0);
  return body;
}

/** An application that may act on the My Account API for its users (a `subject_type: user` client grant). */
export async function myAccountApp(server: TestServer, scopes: string[] = MY_ACCOUNT_SCOPES) {
  const app = await registerApp(server, { grant_types: ['authorization_code', 'refresh_token', 'client_credentials'] });
  const grant = await server.api('POST', '/client-grants', {
    client_id: app.client.client_id,
    audience: audienceOf(server),
    scope: scopes,
    subject_type: 'user',
  });
  assert.equal(grant.status, 201, JSON.stringify(grant.body));
  // Its users sign in with the tenant's password database.
  const connection = (
    await server.api('POST', '/connections', { name: 'me-db', strategy: 'auth0', enabled_clients: [app.client.client_id] })
  ).body;
  assert.ok(connection.id, JSON.stringify(connection));
  return app;
}

/** A person in the application's password database. */
export async function person(server: TestServer, name: string): Promise<{ user_id: string; email: string }> {
  const user = await server.api('POST', '/users', {
    connection: 'me-db',
    email: `${name}@me.example`,
    password: PASSWORD,
    email_verified: true,
  });
  assert.equal(user.status, 201, JSON.stringify(user.body));
  return user.body;
}

/** A real login (authorization code, PKCE) of this person for the My Account API; returns the tokens. */
export async function signIn(server: TestServer, app: Awaited<ReturnType<typeof myAccountApp>>, email: string, scope?: string) {
  const agent = createAgent();
  const flow = await authorize(app.config, agent, {
    audience: audienceOf(server),
    scope: scope ?? `openid offline_access ${MY_ACCOUNT_SCOPES.join(' ')}`,
  });
  const done = await signInWithPassword(agent, flow.page, email);
  return exchange(app.config, done.url, flow);
}
