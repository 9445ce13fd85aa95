import assert from 'node:assert/strict';
import type * as oidc from 'openid-client';
import { MY_ORG_SCOPES } from '../../src/domain/resource-servers/my-org-api.js';
import type { TestServer } from '../helpers/start-server.js';
import { PASSWORD } from '../login/login.fixtures.js';
import { assertProblem, callUserApi, signInForApi, userApiApp } from '../helpers/user-api.js';

export { MY_ORG_SCOPES, assertProblem };

/** The My Organization API's audience on a test server. */
export function audienceOf(server: TestServer): string {
  return `${server.url}/my-org/`;
}

/** A call to /my-org/v1 with a bearer token, as a client shaped after Auth0's My Organization SDK sends it. */
export const myOrg = (server: TestServer, token: string, method: string, path: string, body?: unknown) =>
  callUserApi(server, '/my-org/v1', token, method, path, body);

/** A tenant role whose permissions are these My Organization API scopes. */
export async function myOrgRole(server: TestServer, name: string, scopes: string[]): Promise<{ id: string; name: string }> {
  const role = await server.api('POST', '/roles', { name });
  assert.equal(role.status, 200, JSON.stringify(role.body));
  if (scopes.length > 0) {
    const added = await server.api('POST', `/roles/${role.body.id}/permissions`, {
      permissions: scopes.map((permission_name) => ({ permission_name, resource_server_identifier: audienceOf(server) })),
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
  }
  return role.body;
}

/** An organization with a database connection and people in it, each with the given roles. */
export async function organizationWith(server: TestServer, name: string, people: Record<string, string[]>) {
  const org = (await server.api('POST', '/organizations', { name, display_name: `${name} Inc.` })).body;
  const connection = (await server.api('POST', '/connections', { name: `${name}-db`, strategy: 'auth0' })).body;
  const enabled = await server.api('POST', `/organizations/${org.id}/enabled_connections`, { connection_id: connection.id });
  assert.equal(enabled.status, 201, JSON.stringify(enabled.body));
  const users: Record<string, { user_id: string; email: string }> = {};
  for (const [person, roles] of Object.entries(people)) {
    const user = await server.api('POST', '/users', {
      connection: `${name}-db`,
      email: `${person}@${name}.example`,
      name: `${person} of ${name}`,
      password: PASSWORD,
      email_verified: true,
    });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    await server.api('POST', `/organizations/${org.id}/members`, { members: [user.body.user_id] });
    if (roles.length > 0) {
      const given = await server.api('POST', `/organizations/${org.id}/members/${encodeURIComponent(user.body.user_id)}/roles`, { roles });
      assert.equal(given.status, 204, JSON.stringify(given.body));
    }
    users[person] = user.body;
  }
  return { org, connection, users };
}

/**
 * An application that may act on the My Organization API for its users (Auth0's client grant with
 * `subject_type: "user"`), with these scopes.
 */
export function myOrgApp(server: TestServer, scopes: string[] = MY_ORG_SCOPES) {
  return userApiApp(server, audienceOf(server), scopes, { organization_usage: 'allow' });
}

/** A real login in the organization (when given) for the My Organization API; returns the tokens. */
export function signIn(
  server: TestServer,
  app: { config: oidc.Configuration },
  input: { organization?: string; email: string; scope?: string },
) {
  return signInForApi(app, {
    ...input,
    audience: audienceOf(server),
    scope: input.scope ?? `openid offline_access ${MY_ORG_SCOPES.join(' ')}`,
  });
}

/** An access token for the My Organization API from a real login of this person in this organization. */
export async function tokenFor(
  server: TestServer,
  app: { config: oidc.Configuration },
  organization: string,
  email: string,
  scope?: string,
) {
  const tokens = await signIn(server, app, { organization, email, ...(scope ? { scope } : {}) });
  return tokens.access_token;
}

/** The client secret the tenant set on a connection an organization admin may see but never read. */
export const TENANT_SECRET = 'tenant-set-client-secret-0123456789';

/** Options of an OIDC enterprise connection that no test signs in through. */
export const OIDC_OPTIONS = {
  discovery_url: 'https://idp.example.test/.well-known/openid-configuration',
  client_id: 'corp-app',
  client_secret: TENANT_SECRET,
  type: 'back_channel',
};

/**
 * A tenant connection (OIDC with OIDC_OPTIONS unless given otherwise) enabled for the organization
 * at this access level, with `link`'s other organization-connection fields; returns its id.
 */
export async function tenantConnection(
  server: TestServer,
  organizationId: string,
  input: { name: string; level: string; strategy?: string; options?: Record<string, unknown>; link?: Record<string, unknown> },
): Promise<string> {
  const created = await server.api('POST', '/connections', {
    name: input.name,
    strategy: input.strategy ?? 'oidc',
    options: input.options ?? OIDC_OPTIONS,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const enabled = await server.api('POST', `/organizations/${organizationId}/enabled_connections`, {
    connection_id: created.body.id,
    organization_access_level: input.level,
    ...input.link,
  });
  assert.equal(enabled.status, 201, JSON.stringify(enabled.body));
  return created.body.id;
}
