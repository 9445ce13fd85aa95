import assert from 'node:assert/strict';
import { MY_ACCOUNT_SCOPES } from '../../src/domain/resource-servers/my-account-api.js';
import type { TestServer } from '../helpers/start-server.js';
import { PASSWORD } from '../login/login.fixtures.js';
import { assertProblem, callUserApi, signInForApi, userApiApp } from '../helpers/user-api.js';

export { MY_ACCOUNT_SCOPES, assertProblem };

/** The My Account API's audience on a test server, as Auth0 forms it. */
export const audienceOf = (server: TestServer) => `${server.url}/me/`;

/** A call to /me/v1 with a bearer token. */
export const me = (server: TestServer, token: string | undefined, method: string, path: string, body?: unknown) =>
  callUserApi(server, '/me/v1', token, method, path, body);

/** Asserts a 400 that names `field` in its validation errors. */
export function assertRefusedField(res: { status: number; body: any; contentType: string | null }, code: string, field: string) {
  const body = assertProblem(res, 400, code);
  assert.equal(body.validation_errors?.[0]?.field, field, JSON.stringify(body));
  assert.ok(body.validation_errors[0].detail.length > 0);
  return body;
}

/** An application that may act on the My Account API for its users (a `subject_type: user` client grant). */
export async function myAccountApp(server: TestServer, scopes: string[] = MY_ACCOUNT_SCOPES) {
  const app = await userApiApp(server, audienceOf(server), scopes);
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
export function signIn(server: TestServer, app: Awaited<ReturnType<typeof myAccountApp>>, email: string, scope?: string) {
  return signInForApi(app, { audience: audienceOf(server), scope: scope ?? `openid offline_access ${MY_ACCOUNT_SCOPES.join(' ')}`, email });
}
