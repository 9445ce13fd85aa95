import { newUserRow } from '../users/users.queries.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type Clock, iso } from '../shared/clock.js';
import { hexId, prefixedId, randomString } from '../shared/ids.js';
import { hashPassword } from '../users/passwords.js';
import { MANAGEMENT_SCOPES } from '../resource-servers/management-api.js';
import { ensurePortalClient } from './portal-client.js';
import { ensureAccountClient } from './account-client.js';
import { ensurePageClient } from './page-client.js';
import { readSetting, writeSetting } from '../settings/settings.queries.js';
import { enableClients, enableForEveryClient } from '../connections/connection-clients.queries.js';

/** Auth0's name for the default password database. */
export const DEFAULT_DATABASE_CONNECTION = 'Username-Password-Authentication';
export const ADMIN_ROLE_NAME = 'Tenant Administrator';
export const CONSOLE_CLIENT_NAME = 'Gatehouse Console';
const ADMIN_KEY = 'tenant_admin_user_id';
export const CONSOLE_CLIENT_KEY = 'console_client_id';

export interface TenantAdminResult {
  email: string;
  /** Present only when this call generated it: shown once. */
  password?: string;
  consoleClientId: string;
}

/**
 * The tenant administrator the admin console signs in as (issue 6): a user in the default password
 * database holding a tenant role that grants every Management API scope, and the console itself as
 * a public (PKCE) application. Created once; the console's callback follows the issuer.
 */
export async function bootstrapTenantAdmin(
  db: Kysely<Database>,
  clock: Clock,
  options: {
    issuer: string;
    managementAudience: string;
    /** The My Organization API, which the organization-admin portal calls. */
    myOrgAudience: string;
    /** The My Account API, which the self-service account page calls. */
    myAccountAudience: string;
    admin?: { email: string; password: string };
  },
): Promise<TenantAdminResult> {
  const adminId = await readSetting<string>(db, ADMIN_KEY);
  const admin = adminId ? await db.selectFrom('users').select('email').where('id', '=', adminId).executeTakeFirst() : undefined;
  const needsUser = !admin || (options.admin !== undefined && admin.email?.toLowerCase() !== options.admin.email.toLowerCase());
  const generated = needsUser && !options.admin ? randomString(20) : undefined;
  // Hashed before the transaction: argon2 takes tens of milliseconds, and only when a user is made.
  const passwordHash = needsUser ? await hashPassword(options.admin?.password ?? generated!) : '';
  return db.transaction().execute(async (trx) => {
    const now = iso(clock.now());
    const consoleClientId = await ensureConsoleClient(trx, options.issuer, now);
    await ensureAdminRole(trx, options.managementAudience, now);
    await ensurePortalClient(trx, options.issuer, options.myOrgAudience, now);
    await ensureAccountClient(trx, options.issuer, options.myAccountAudience, now);
    if (!needsUser) return { email: admin!.email ?? '', consoleClientId };

    let connection = await trx.selectFrom('connections').select('id').where('name', '=', DEFAULT_DATABASE_CONNECTION).executeTakeFirst();
    if (!connection) {
      connection = { id: prefixedId('con') };
      await trx
        .insertInto('connections')
        .values({
          id: connection.id,
          name: DEFAULT_DATABASE_CONNECTION,
          display_name: null,
          strategy: 'auth0',
          // Nobody signs up next to the administrator; the migration 2026-12-01-017 closes older deployments' too.
          options: JSON.stringify({ domain_aliases: [], is_create_missing_user: true, is_trusted: false, disable_signup: true }),
          metadata: '{}',
          organization_id: null,
          is_domain_connection: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await enableForEveryClient(trx, connection.id);
    }
    // The administrator signs in to the console through this connection.
    await enableClients(trx, connection.id, [consoleClientId]);
    const email = options.admin?.email ?? 'admin@gatehouse.localhost';
    const userId = `auth0|${hexId()}`;
    await trx
      .insertInto('users')
      .values(newUserRow({ id: userId, email, email_verified: 1, name: 'Tenant Administrator', now }))
      .execute();
    await trx
      .insertInto('identities')
      .values({
        id: prefixedId('idn'),
        user_id: userId,
        connection_id: connection.id,
        provider: 'auth0',
        provider_user_id: userId.slice('auth0|'.length),
        pending_email: null,
        is_social: 0,
        profile_data: '{}',
        password_hash: passwordHash,
        created_at: now,
      })
      .execute();
    const role = await trx.selectFrom('roles').select('id').where('name', '=', ADMIN_ROLE_NAME).executeTakeFirstOrThrow();
    await trx.insertInto('user_roles').values({ user_id: userId, role_id: role.id }).execute();
    await writeSetting(trx, ADMIN_KEY, userId);
    return { email, password: generated, consoleClientId };
  });
}

/** The email addresses of the tenant's administrators: the users holding the console's role, not blocked. */
export async function tenantAdministratorEmails(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select('users.email')
    .where('roles.name', '=', ADMIN_ROLE_NAME)
    .where('users.blocked', '=', 0)
    .where('users.email', 'is not', null)
    .orderBy('users.email')
    .execute();
  return rows.map((row) => row.email!);
}

/** The administrator role, holding every Management API scope (kept current as scopes are added). */
async function ensureAdminRole(trx: Kysely<Database>, audience: string, now: string): Promise<void> {
  let role = await trx.selectFrom('roles').select('id').where('name', '=', ADMIN_ROLE_NAME).executeTakeFirst();
  if (!role) {
    role = { id: prefixedId('rol') };
    await trx
      .insertInto('roles')
      .values({ id: role.id, name: ADMIN_ROLE_NAME, description: 'Every Management API scope (Gatehouse console).', created_at: now })
      .execute();
  }
  await trx.deleteFrom('role_permissions').where('role_id', '=', role.id).where('resource_server_identifier', '!=', audience).execute();
  for (const permission_name of MANAGEMENT_SCOPES) {
    await trx
      .insertInto('role_permissions')
      .values({ role_id: role.id, resource_server_identifier: audience, permission_name })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** The console: a single-page application (public client, PKCE) whose callback lives under the issuer. */
function ensureConsoleClient(trx: Kysely<Database>, issuer: string, now: string): Promise<string> {
  return ensurePageClient(
    trx,
    issuer,
    {
      key: CONSOLE_CLIENT_KEY,
      name: CONSOLE_CLIENT_NAME,
      description: 'The Gatehouse admin console.',
      path: '/console',
      organizationUsage: 'deny',
      organizationRequireBehavior: 'no_prompt',
    },
    now,
  );
}
