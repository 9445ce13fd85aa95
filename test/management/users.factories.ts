import { prefixedId } from '../../src/domain/shared/ids.js';
import type { TestServer } from '../helpers/start-server.js';

/** Inserts a connection row directly (the users tests do not depend on the connections API). */
export async function insertConnection(server: TestServer, name: string, strategy: string): Promise<{ id: string; name: string }> {
  const now = new Date().toISOString();
  const id = prefixedId('con');
  await server.database.db.kysely
    .insertInto('connections')
    .values({
      id,
      name,
      display_name: null,
      strategy,
      options: '{}',
      metadata: '{}',
      organization_id: null,
      is_domain_connection: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, name };
}

/** Inserts an organization with the user as a member. */
export async function insertMembership(server: TestServer, userId: string, orgName: string): Promise<string> {
  const db = server.database.db.kysely;
  const now = new Date().toISOString();
  const id = prefixedId('org');
  await db
    .insertInto('organizations')
    .values({
      id,
      name: orgName,
      display_name: `Org ${orgName}`,
      branding: null,
      metadata: '{"tier":"gold"}',
      allowed_domains: '[]',
      is_auto_join_domain_list: 0,
      is_auto_membership_enabled: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db.insertInto('organization_members').values({ organization_id: id, user_id: userId, created_at: now }).execute();
  return id;
}

/** The stored identity rows of a user (storage-level assertions). */
export async function identityRows(server: TestServer, userId: string) {
  return server.database.db.kysely.selectFrom('identities').selectAll().where('user_id', '=', userId).execute();
}

/** `/users/<id>` with the id percent-encoded, as clients send `auth0|…`. */
export const userPath = (id: string, rest = '') => `/users/${encodeURIComponent(id)}${rest}`;
