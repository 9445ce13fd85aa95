import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { fail, invalidInput } from '../errors.js';
import { findOrganizationRow } from '../organizations/organizations.queries.js';
import { findConnectionById } from '../users/users.queries.js';
import { alignGroupRoles, scimGroupNames } from './group-roles.js';
import type { GroupRoleMapping } from './scim.types.js';

/**
 * The declarative group → organization role mapping of a connection in an organization (owned by
 * it or enabled there). Replacing it re-aligns the roles of the connection's SCIM users at once.
 */
export function createGroupRoleMappingsService(deps: ServiceDeps) {
  const { db, events } = deps;

  async function scope(organizationId: string, connectionId: string) {
    if (!(await findOrganizationRow(db, organizationId))) fail('inexistent_organization', 'No organization found by that id or name');
    const connection = await findConnectionById(db, connectionId);
    if (!connection) fail('inexistent_connection', 'The connection does not exist.');
    const enabled = await db
      .selectFrom('organization_connections')
      .select('connection_id')
      .where('organization_id', '=', organizationId)
      .where('connection_id', '=', connectionId)
      .executeTakeFirst();
    if (connection.organization_id !== organizationId && !enabled) {
      fail('connection_not_enabled', 'The connection is neither owned by nor enabled for the organization.');
    }
    return connection;
  }

  return {
    async get(organizationId: string, connectionId: string): Promise<GroupRoleMapping[]> {
      await scope(organizationId, connectionId);
      const rows = await db
        .selectFrom('group_role_mappings')
        .select(['group_name', 'role_id'])
        .where('organization_id', '=', organizationId)
        .where('connection_id', '=', connectionId)
        .orderBy('group_name')
        .orderBy('role_id')
        .execute();
      return rows.map((row) => ({ group: row.group_name, role_id: row.role_id }));
    },

    async replace(actor: Actor, organizationId: string, connectionId: string, mappings: GroupRoleMapping[]): Promise<GroupRoleMapping[]> {
      const connection = await scope(organizationId, connectionId);
      const unique = new Map(
        mappings.map((m) => [`${m.group.toLowerCase()}\n${m.role_id}`, { group: m.group.toLowerCase(), role_id: m.role_id }]),
      );
      mappings.forEach((m, index) => {
        if (m.group.trim() === '') invalidInput(`mappings[${index}].group`, 'Required: a non-empty group name');
      });
      await db.transaction().execute(async (trx) => {
        const roleIds = [...new Set(mappings.map((m) => m.role_id))];
        const known = new Set(
          roleIds.length === 0 ? [] : (await trx.selectFrom('roles').select('id').where('id', 'in', roleIds).execute()).map((r) => r.id),
        );
        const missing = mappings.findIndex((m) => !known.has(m.role_id));
        if (missing >= 0) invalidInput(`mappings[${missing}].role_id`, 'No role found by that id', { value: mappings[missing].role_id });
        await trx
          .deleteFrom('group_role_mappings')
          .where('organization_id', '=', organizationId)
          .where('connection_id', '=', connectionId)
          .execute();
        if (unique.size > 0) {
          await trx
            .insertInto('group_role_mappings')
            .values(
              [...unique.values()].map((m) => ({
                organization_id: organizationId,
                connection_id: connectionId,
                group_name: m.group,
                role_id: m.role_id,
              })),
            )
            .execute();
        }
        await events.record(trx, actor, {
          type: 'group_role_mappings_updated',
          organizationId,
          connection: connection.name,
          connectionId,
          strategy: connection.strategy,
          details: { mappings: [...unique.values()] },
        });
        const users = await trx.selectFrom('scim_users').select(['id', 'user_id']).where('connection_id', '=', connectionId).execute();
        for (const user of users) {
          await alignGroupRoles(trx, deps, actor, {
            connectionId,
            ownerOrganizationId: connection.organization_id,
            userId: user.user_id,
            groups: await scimGroupNames(trx, user.id),
          });
        }
      });
      return this.get(organizationId, connectionId);
    },
  };
}

export type GroupRoleMappingsService = ReturnType<typeof createGroupRoleMappingsService>;
