// Rows for the roles, members and invitations tests, inserted directly: the users, clients,
// connections and resource-servers APIs are built elsewhere and these tests must not depend on them.
import { hexId, prefixedId, randomString } from '../../src/domain/shared/ids.js';
import type { TestServer } from '../helpers/start-server.js';

const now = () => new Date().toISOString();

export async function createUser(
  server: TestServer,
  fields: { id?: string; email?: string; name?: string; picture?: string } = {},
): Promise<string> {
  const id = fields.id ?? `auth0|${hexId()}`;
  const email = fields.email ?? `${randomString(8).toLowerCase()}@example.com`;
  await server.database.db.kysely
    .insertInto('users')
    .values({
      id,
      email,
      email_normalized: email.toLowerCase(),
      email_verified: 1,
      username: null,
      phone_number: null,
      name: fields.name ?? null,
      given_name: null,
      family_name: null,
      nickname: null,
      picture: fields.picture ?? null,
      user_metadata: '{}',
      app_metadata: '{}',
      blocked: 0,
      logins_count: 0,
      last_login: null,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  return id;
}

export async function createClient(server: TestServer, fields: { initiate_login_uri?: string } = {}): Promise<string> {
  const clientId = randomString(32);
  await server.database.db.kysely
    .insertInto('clients')
    .values({
      client_id: clientId,
      client_secret: randomString(64),
      name: `app ${clientId.slice(0, 6)}`,
      description: null,
      app_type: 'regular_web',
      is_first_party: 1,
      callbacks: '[]',
      allowed_logout_urls: '[]',
      web_origins: '[]',
      grant_types: '["authorization_code"]',
      token_endpoint_auth_method: 'client_secret_post',
      initiate_login_uri: fields.initiate_login_uri ?? null,
      organization_usage: 'allow',
      organization_require_behavior: 'no_prompt',
      client_metadata: '{}',
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  return clientId;
}

export async function createConnection(server: TestServer): Promise<string> {
  const id = prefixedId('con');
  await server.database.db.kysely
    .insertInto('connections')
    .values({
      id,
      name: `db-${id.slice(4).toLowerCase()}`,
      display_name: null,
      strategy: 'auth0',
      options: '{}',
      metadata: '{}',
      organization_id: null,
      is_domain_connection: 0,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  return id;
}

export async function createResourceServer(
  server: TestServer,
  identifier: string,
  scopes: { value: string; description?: string }[],
  name = `API ${identifier}`,
): Promise<void> {
  await server.database.db.kysely
    .insertInto('resource_servers')
    .values({
      id: randomString(24),
      identifier,
      name,
      scopes: JSON.stringify(scopes),
      signing_alg: 'RS256',
      token_lifetime: 86400,
      is_system: 0,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
}

/** An organization through its API (already built); returns its id. */
export async function createOrganization(server: TestServer, name = `org-${randomString(10).toLowerCase()}`): Promise<string> {
  const res = await server.api('POST', '/organizations', { name });
  if (res.status !== 201) throw new Error(`organization: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** A role through the roles API; returns its id. */
export async function createRole(server: TestServer, name = `role-${randomString(10)}`, description?: string): Promise<string> {
  const res = await server.api('POST', '/roles', description === undefined ? { name } : { name, description });
  if (res.status !== 200) throw new Error(`role: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** An organization with these users as members (inserted through the members API). */
export async function organizationWithMembers(server: TestServer, userIds: string[]): Promise<string> {
  const orgId = await createOrganization(server);
  const res = await server.api('POST', `/organizations/${orgId}/members`, { members: userIds });
  if (res.status !== 204) throw new Error(`members: ${res.status} ${JSON.stringify(res.body)}`);
  return orgId;
}

/** Stored member-role rows of one member, straight from the table. */
export async function storedMemberRoles(server: TestServer, orgId: string, userId: string): Promise<string[]> {
  const rows = await server.database.db.kysely
    .selectFrom('organization_member_roles')
    .select('role_id')
    .where('organization_id', '=', orgId)
    .where('user_id', '=', userId)
    .orderBy('role_id')
    .execute();
  return rows.map((r) => r.role_id);
}
