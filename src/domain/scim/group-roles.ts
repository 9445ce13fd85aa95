import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Actor } from '../events/actor.js';
import type { EventsService } from '../events/events.service.js';
import { iso, type Clock } from '../shared/clock.js';

type Trx = Kysely<Database>;

/** The names of the SCIM groups a SCIM user is in, lowercased as the mappings store them. */
export async function scimGroupNames(trx: Trx, scimUserId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('scim_group_members')
    .innerJoin('scim_groups', 'scim_groups.id', 'scim_group_members.group_id')
    .select('scim_groups.display_name_normalized')
    .where('scim_group_members.scim_user_id', '=', scimUserId)
    .execute();
  return rows.map((row) => row.display_name_normalized);
}

/**
 * Brings a user's organization roles in line with their groups, for every organization that maps
 * the connection's groups to roles: a mapped role is held exactly when one of the user's groups maps
 * to it; roles no mapping names are left alone. Members only, but in the organization that owns the
 * connection, where its users belong (they are added). Runs in the caller's transaction.
 */
export async function alignGroupRoles(
  trx: Trx,
  deps: { clock: Clock; events: EventsService },
  actor: Actor,
  input: { connectionId: string; ownerOrganizationId: string | null; userId: string; groups: string[] },
): Promise<void> {
  const mappings = await trx.selectFrom('group_role_mappings').selectAll().where('connection_id', '=', input.connectionId).execute();
  const groups = new Set(input.groups.map((g) => g.toLowerCase()));
  const organizations = new Set(mappings.map((m) => m.organization_id));
  for (const organizationId of organizations) {
    const here = mappings.filter((m) => m.organization_id === organizationId);
    const mapped = [...new Set(here.map((m) => m.role_id))];
    const wanted = new Set(here.filter((m) => groups.has(m.group_name)).map((m) => m.role_id));
    const member = await trx
      .selectFrom('organization_members')
      .select('user_id')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', input.userId)
      .executeTakeFirst();
    if (!member) {
      if (organizationId !== input.ownerOrganizationId || wanted.size === 0) continue;
      await trx
        .insertInto('organization_members')
        .values({ organization_id: organizationId, user_id: input.userId, created_at: iso(deps.clock.now()) })
        .execute();
      await deps.events.record(trx, actor, { type: 'organization_member_added', organizationId, userId: input.userId });
    }
    const held = await trx
      .selectFrom('organization_member_roles')
      .select('role_id')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', input.userId)
      .where('role_id', 'in', mapped)
      .execute();
    const holding = new Set(held.map((r) => r.role_id));
    const add = [...wanted].filter((role) => !holding.has(role)).sort();
    const remove = [...holding].filter((role) => !wanted.has(role)).sort();
    if (add.length > 0) {
      await trx
        .insertInto('organization_member_roles')
        .values(add.map((role_id) => ({ organization_id: organizationId, user_id: input.userId, role_id })))
        .execute();
      await deps.events.record(trx, actor, {
        type: 'organization_member_roles_assigned',
        organizationId,
        userId: input.userId,
        details: { roles: add, via: 'group_role_mappings' },
      });
    }
    if (remove.length > 0) {
      await trx
        .deleteFrom('organization_member_roles')
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', input.userId)
        .where('role_id', 'in', remove)
        .execute();
      await deps.events.record(trx, actor, {
        type: 'organization_member_roles_removed',
        organizationId,
        userId: input.userId,
        details: { roles: remove, via: 'group_role_mappings' },
      });
    }
  }
}
