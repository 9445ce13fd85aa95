import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ConnectionRow } from '../../db/schema/connections.table.js';
import type { ScimGroupRow } from '../../db/schema/scim.table.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import { findConnectionById } from '../users/users.queries.js';
import { alignGroupRoles, scimGroupNames } from './group-roles.js';
import { findConfigurationRow } from './scim-configurations.queries.js';
import type { ScimListQuery, ScimListResult, ScimResource, StoredScimResource } from './scim.types.js';

type Trx = Kysely<Database>;

const NOT_FOUND = 'No group found by that id in this connection.';
const DUPLICATE = 'A group with this displayName already exists in this connection.';

interface GroupInput {
  displayName: string;
  externalId: string | null;
  members: string[];
}

/** The parts of a Group resource Gatehouse keeps: its name, external id and members (SCIM user ids). */
function groupInput(resource: ScimResource): GroupInput {
  const displayName = resource.displayName;
  if (typeof displayName !== 'string' || displayName.trim() === '') invalidInput('displayName', 'Required: a non-empty string');
  if (displayName.length > 256) invalidInput('displayName', 'At most 256 characters', { limit: 256 });
  const members = resource.members ?? [];
  if (!Array.isArray(members)) invalidInput('members', 'Must be an array');
  const ids = members.map((member, index) => {
    const value = (member as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || value === '') invalidInput(`members[${index}].value`, 'Required: the id of a user');
    return value;
  });
  const externalId = typeof resource.externalId === 'string' && resource.externalId !== '' ? resource.externalId : null;
  return { displayName, externalId, members: [...new Set(ids)] };
}

/**
 * SCIM Groups of an enterprise connection: stored per connection with their members (SCIM users
 * of the same connection). A membership change brings the members' organization roles in line
 * with the group → role mappings, in the change's transaction.
 */
export function createScimGroupsService(deps: ServiceDeps) {
  const { db, clock, events } = deps;

  async function connectionOf(executor: Trx, connectionId: string): Promise<ConnectionRow> {
    const connection = await findConnectionById(executor, connectionId);
    if (!connection || !(await findConfigurationRow(executor, connectionId))) {
      fail('inexistent_scim_configuration', 'The connection has no SCIM configuration.');
    }
    return connection;
  }

  async function groupRow(executor: Trx, connectionId: string, id: string): Promise<ScimGroupRow> {
    const row = await executor
      .selectFrom('scim_groups')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) fail('inexistent_group', NOT_FOUND);
    return row;
  }

  async function membersOf(executor: Trx, groupIds: string[]): Promise<Map<string, { value: string; display: string }[]>> {
    const byGroup = new Map<string, { value: string; display: string }[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return byGroup;
    const rows = await executor
      .selectFrom('scim_group_members')
      .innerJoin('scim_users', 'scim_users.id', 'scim_group_members.scim_user_id')
      .select(['scim_group_members.group_id', 'scim_users.id', 'scim_users.user_name'])
      .where('scim_group_members.group_id', 'in', groupIds)
      .orderBy('scim_users.user_name_normalized')
      .execute();
    for (const row of rows) byGroup.get(row.group_id)!.push({ value: row.id, display: row.user_name });
    return byGroup;
  }

  function toStored(row: ScimGroupRow, members: { value: string; display: string }[] | undefined): StoredScimResource {
    const resource: ScimResource = { displayName: row.display_name };
    if (row.external_id !== null) resource.externalId = row.external_id;
    if (members) resource.members = members;
    return { id: row.id, resource, created: row.created_at, lastModified: row.updated_at };
  }

  async function load(executor: Trx, connectionId: string, id: string, withoutMembers = false): Promise<StoredScimResource> {
    const row = await groupRow(executor, connectionId, id);
    return toStored(row, withoutMembers ? undefined : (await membersOf(executor, [id])).get(id));
  }

  /** Member ids must be SCIM users of this connection; returns them with their Gatehouse user ids. */
  async function resolveMembers(trx: Trx, connectionId: string, ids: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx
        .selectFrom('scim_users')
        .select(['id', 'user_id'])
        .where('connection_id', '=', connectionId)
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const row of rows) found.set(row.id, row.user_id);
    }
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0) invalidInput(`members[${missing}].value`, 'No user of this connection has this id', { value: ids[missing] });
    return found;
  }

  async function align(trx: Trx, actor: Actor, connection: ConnectionRow, scimUserIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(scimUserIds)];
    if (ids.length === 0) return;
    const hasMappings = await trx
      .selectFrom('group_role_mappings')
      .select('role_id')
      .where('connection_id', '=', connection.id)
      .executeTakeFirst();
    if (!hasMappings) return;
    const users = await trx.selectFrom('scim_users').select(['id', 'user_id']).where('id', 'in', ids).execute();
    for (const user of users) {
      await alignGroupRoles(trx, deps, actor, {
        connectionId: connection.id,
        ownerOrganizationId: connection.organization_id,
        userId: user.user_id,
        groups: await scimGroupNames(trx, user.id),
      });
    }
  }

  function duplicate(error: unknown): never {
    if (isUniqueViolation(error)) fail('group_conflict', DUPLICATE);
    throw error;
  }

  function subject(connection: ConnectionRow) {
    return { connection: connection.name, connectionId: connection.id, strategy: connection.strategy };
  }

  /** Writes a group's new state; the members whose groups changed (all of them on a rename) get their roles aligned. */
  async function write(trx: Trx, actor: Actor, connection: ConnectionRow, id: string, next: ScimResource): Promise<StoredScimResource> {
    const current = await groupRow(trx, connection.id, id);
    const input = groupInput(next);
    await resolveMembers(trx, connection.id, input.members);
    const before = new Set(((await membersOf(trx, [id])).get(id) ?? []).map((m) => m.value));
    const after = new Set(input.members);
    const added = [...after].filter((m) => !before.has(m));
    const removed = [...before].filter((m) => !after.has(m));
    const renamed = current.display_name_normalized !== input.displayName.toLowerCase();
    await trx
      .updateTable('scim_groups')
      .set({
        display_name: input.displayName,
        display_name_normalized: input.displayName.toLowerCase(),
        external_id: input.externalId,
        updated_at: iso(clock.now()),
      })
      .where('id', '=', id)
      .execute()
      .catch(duplicate);
    if (removed.length > 0) {
      await trx.deleteFrom('scim_group_members').where('group_id', '=', id).where('scim_user_id', 'in', removed).execute();
    }
    if (added.length > 0) {
      await trx
        .insertInto('scim_group_members')
        .values(added.map((scim_user_id) => ({ group_id: id, scim_user_id })))
        .execute();
    }
    await align(trx, actor, connection, renamed ? [...before, ...after] : [...added, ...removed]);
    await events.record(trx, actor, {
      type: 'scim_group_updated',
      ...subject(connection),
      details: { group_id: id, display_name: input.displayName, members_added: added, members_removed: removed },
    });
    return load(trx, connection.id, id);
  }

  return {
    async create(actor: Actor, connectionId: string, resource: ScimResource): Promise<StoredScimResource> {
      const input = groupInput(resource);
      return db.transaction().execute(async (trx) => {
        const connection = await connectionOf(trx, connectionId);
        await resolveMembers(trx, connectionId, input.members);
        const id = randomUUID();
        const now = iso(clock.now());
        await trx
          .insertInto('scim_groups')
          .values({
            id,
            connection_id: connectionId,
            display_name: input.displayName,
            display_name_normalized: input.displayName.toLowerCase(),
            external_id: input.externalId,
            created_at: now,
            updated_at: now,
          })
          .execute()
          .catch(duplicate);
        if (input.members.length > 0) {
          await trx
            .insertInto('scim_group_members')
            .values(input.members.map((scim_user_id) => ({ group_id: id, scim_user_id })))
            .execute();
        }
        await align(trx, actor, connection, input.members);
        await events.record(trx, actor, {
          type: 'scim_group_created',
          ...subject(connection),
          details: { group_id: id, display_name: input.displayName, members_added: input.members },
        });
        return load(trx, connectionId, id);
      });
    },

    async get(connectionId: string, id: string, withoutMembers = false): Promise<StoredScimResource> {
      await connectionOf(db, connectionId);
      return load(db, connectionId, id, withoutMembers);
    },

    async list(connectionId: string, query: ScimListQuery): Promise<ScimListResult> {
      await connectionOf(db, connectionId);
      let base = db.selectFrom('scim_groups').selectAll().where('connection_id', '=', connectionId);
      const where = query.where;
      if (where?.attribute === 'displayName') base = base.where('display_name_normalized', '=', where.value.toLowerCase());
      else if (where?.attribute === 'externalId') base = base.where('external_id', '=', where.value);
      else if (where?.attribute === 'id') base = base.where('id', '=', where.value);
      else if (where) return { totalResults: 0, resources: [] };
      const rows = await base.orderBy('created_at').orderBy('id').execute();
      const members =
        query.withoutMembers && !query.matches
          ? undefined
          : await membersOf(
              db,
              rows.map((r) => r.id),
            );
      let all = rows.map((row) => toStored(row, members?.get(row.id)));
      if (query.matches) all = all.filter((g) => query.matches!({ ...g.resource, id: g.id }));
      if (query.withoutMembers) all = all.map((g) => ({ ...g, resource: { ...g.resource, members: undefined } }));
      return { totalResults: all.length, resources: all.slice(query.startIndex - 1, query.startIndex - 1 + query.count) };
    },

    replace(actor: Actor, connectionId: string, id: string, resource: ScimResource): Promise<StoredScimResource> {
      return db.transaction().execute(async (trx) => write(trx, actor, await connectionOf(trx, connectionId), id, resource));
    },

    patch(actor: Actor, connectionId: string, id: string, apply: (current: ScimResource) => ScimResource): Promise<StoredScimResource> {
      return db.transaction().execute(async (trx) => {
        const connection = await connectionOf(trx, connectionId);
        const current = await load(trx, connectionId, id);
        return write(trx, actor, connection, id, apply(current.resource));
      });
    },

    async remove(actor: Actor, connectionId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const connection = await connectionOf(trx, connectionId);
        const row = await groupRow(trx, connectionId, id);
        const members = ((await membersOf(trx, [id])).get(id) ?? []).map((m) => m.value);
        await trx.deleteFrom('scim_group_members').where('group_id', '=', id).execute();
        await trx.deleteFrom('scim_groups').where('id', '=', id).execute();
        await align(trx, actor, connection, members);
        await events.record(trx, actor, {
          type: 'scim_group_deleted',
          ...subject(connection),
          details: { group_id: id, display_name: row.display_name },
        });
      });
    },
  };
}

export type ScimGroupsService = ReturnType<typeof createScimGroupsService>;
