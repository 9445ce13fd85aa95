import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Actor } from '../events/actor.js';
import { fail } from '../errors.js';
import { myOrgAudience } from '../../config/config.js';
import { permissionsFor } from '../roles/roles.permissions.js';

// The rules for an organization's own administrators, acting through the My Organization API
// (actor.api === 'my_org', actor.organizationId = the organization of their token). The tenant's
// administrators (Management API, console) are bound by none of them.

type Db = Kysely<Database>;

function isOrganizationAdmin(actor: Actor): boolean {
  return actor.api === 'my_org';
}

/**
 * An actor bound to one organization acts only there: any other organization does not exist for it
 * (404, as for an unknown id, so that guessing ids teaches nothing).
 */
export function assertActsIn(actor: Actor, organizationId: string): void {
  if (actor.organizationId !== undefined && actor.organizationId !== organizationId) {
    fail('inexistent_organization', 'No organization found by that id or name');
  }
}

/** The distinct My Organization API permissions that roles grant. */
function myOrgPermissions(db: Db, issuer: string, roleIds: string[]): Promise<string[]> {
  return permissionsFor(db, roleIds, myOrgAudience({ issuer }));
}

/**
 * An organization admin gives only what they hold: every My Organization API permission of the
 * roles they assign (to a member, or through an invitation) must be one their own roles in the
 * organization grant. Otherwise an admin who may only assign roles could make anyone, themselves
 * included, a full administrator.
 */
export async function assertMayGrant(db: Db, issuer: string, actor: Actor, organizationId: string, roleIds: string[]): Promise<void> {
  if (!isOrganizationAdmin(actor) || roleIds.length === 0) return;
  const own = await db
    .selectFrom('organization_member_roles')
    .select('role_id')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', actor.id)
    .execute();
  const held = new Set(
    await myOrgPermissions(
      db,
      issuer,
      own.map((r) => r.role_id),
    ),
  );
  for (const roleId of new Set(roleIds)) {
    const beyond = (await myOrgPermissions(db, issuer, [roleId])).find((p) => !held.has(p));
    if (beyond) fail('insufficient_scope', `Role ${roleId} grants ${beyond}, which the administrator assigning it does not hold.`);
  }
}

/**
 * After a change by an organization admin (inside its transaction), the organization must still
 * have an admin: a member whose roles grant a My Organization API permission. The last one can
 * neither remove themselves nor lose the roles that make them one; the tenant's administrators can.
 */
export async function assertAnAdminRemains(db: Db, issuer: string, actor: Actor, organizationId: string): Promise<void> {
  if (!isOrganizationAdmin(actor)) return;
  const admin = await db
    .selectFrom('organization_member_roles as mr')
    .innerJoin('role_permissions as rp', 'rp.role_id', 'mr.role_id')
    .innerJoin('organization_members as m', (join) =>
      join.onRef('m.organization_id', '=', 'mr.organization_id').onRef('m.user_id', '=', 'mr.user_id'),
    )
    .select('mr.user_id')
    .where('mr.organization_id', '=', organizationId)
    .where('rp.resource_server_identifier', '=', myOrgAudience({ issuer }))
    .executeTakeFirst();
  if (!admin) fail('last_organization_admin', 'The organization must keep at least one administrator.');
}

/** An organization admin removes members of their organization only; an id that is not one is unknown (404). */
export async function assertAllMembers(db: Db, actor: Actor, organizationId: string, userIds: string[]): Promise<void> {
  if (!isOrganizationAdmin(actor) || userIds.length === 0) return;
  const rows = await db
    .selectFrom('organization_members')
    .select('user_id')
    .where('organization_id', '=', organizationId)
    .where('user_id', 'in', userIds)
    .execute();
  const members = new Set(rows.map((r) => r.user_id));
  const stranger = userIds.find((id) => !members.has(id));
  if (stranger !== undefined) fail('inexistent_member', `The user ${stranger} is not a member of the organization.`);
}
