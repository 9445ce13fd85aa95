import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Services } from '../domain/services.js';
import { organizationOfGrant } from '../domain/sign-in/grant-organizations.js';

/** What a signed-in user may do on one API, in the organization of their grant (or at tenant level). */
export interface ApiAccess {
  organization?: { id: string; name: string };
  roles: string[];
  permissions: string[];
}

/**
 * Roles come from the organization the grant was issued in; without one, from the tenant-level
 * roles. Tenant roles never leak into an organization login.
 */
export async function apiAccess(db: Kysely<Database>, services: Services, input: { userId: string; grantId?: string; audience: string }): Promise<ApiAccess> {
  const organization = input.grantId ? await organizationOfGrant(db, input.grantId) : undefined;
  const roleRows = organization
    ? await services.memberships.rolesOf(organization.id, input.userId)
    : await db.selectFrom('user_roles as ur').innerJoin('roles as r', 'r.id', 'ur.role_id')
      .select(['r.id', 'r.name']).where('ur.user_id', '=', input.userId).execute();
  const permissions = await services.roles.permissionsFor(roleRows.map((r) => r.id), input.audience);
  return { organization, roles: roleRows.map((r) => r.name), permissions };
}
