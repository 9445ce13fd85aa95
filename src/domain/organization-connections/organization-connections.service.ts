import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { isEnterprise } from '../connections/connections.types.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { changedFields } from '../events/changed-fields.js';
import type { OrganizationRow } from '../../db/schema/organizations.table.js';
import type { NewOrganizationConnectionRow } from '../../db/schema/organization-connections.table.js';
import { findConnectionRow } from '../connections/connections.queries.js';
import { findOrganizationRow, lockOrganizationRow } from '../organizations/organizations.queries.js';
import { revokeOrganizationAccess } from '../access/access-revocation.js';
import { fail } from '../errors.js';
import { iso } from '../shared/clock.js';
import { bool, int } from '../shared/json.js';
import type { OffsetPage, PageResult } from '../shared/pagination.js';
import {
  countOrganizationConnections,
  deleteOrganizationConnection,
  findJoined,
  insertOrganizationConnection,
  joined,
  type JoinedRow,
  toOrganizationConnection,
  updateOrganizationConnection,
} from './organization-connections.queries.js';
import { checkSettings } from './organization-connections.rules.js';
import type {
  OrganizationConnection,
  OrganizationConnectionInput,
  OrganizationConnectionPatch,
  OrganizationConnectionSettings,
} from './organization-connections.types.js';

const NO_ORGANIZATION = 'No organization found by that id or name';
const NO_CONNECTION = 'No connection found by that id';
const NOT_ENABLED = 'The connection is not enabled for this organization';

function columns(
  settings: OrganizationConnectionSettings,
): Omit<NewOrganizationConnectionRow, 'organization_id' | 'connection_id' | 'created_at'> {
  return {
    is_enabled: int(settings.is_enabled),
    assign_membership_on_login: int(settings.assign_membership_on_login),
    is_signup_enabled: int(settings.is_signup_enabled),
    show_as_button: int(settings.show_as_button),
    organization_access_level: settings.organization_access_level,
    organization_connection_name: settings.organization_connection_name,
  };
}

/**
 * The connections enabled for an organization (Auth0's `enabled_connections` and the newer
 * `connections` endpoints share it). Every query is filtered by the organization id.
 */
export function createOrganizationConnectionsService({ db, clock, limits, events }: ServiceDeps) {
  async function assertOrganization(trx: Kysely<Database>, organizationId: string): Promise<OrganizationRow> {
    const org = await findOrganizationRow(trx, organizationId);
    if (!org) fail('inexistent_organization', NO_ORGANIZATION);
    return org;
  }

  /** The event's subject: the organization and the connection. */
  function subject(org: OrganizationRow, row: Pick<JoinedRow, 'connection_id' | 'name' | 'strategy'>) {
    return {
      organizationId: org.id,
      organizationName: org.name,
      connection: row.name,
      connectionId: row.connection_id,
      strategy: row.strategy,
    };
  }

  return {
    async list(organizationId: string, filter: { is_enabled?: boolean }, page: OffsetPage): Promise<PageResult<OrganizationConnection>> {
      await assertOrganization(db, organizationId);
      let query = joined(db, organizationId);
      if (filter.is_enabled !== undefined) query = query.where('oc.is_enabled', '=', int(filter.is_enabled));
      const rows = await query
        .orderBy('oc.created_at')
        .orderBy('oc.connection_id')
        .limit(page.perPage)
        .offset(page.page * page.perPage)
        .execute();
      const result: PageResult<OrganizationConnection> = { items: rows.map(toOrganizationConnection) };
      if (page.includeTotals) {
        let count = db
          .selectFrom('organization_connections')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('organization_id', '=', organizationId);
        if (filter.is_enabled !== undefined) count = count.where('is_enabled', '=', int(filter.is_enabled));
        result.total = Number((await count.executeTakeFirstOrThrow()).count);
      }
      return result;
    },

    async get(organizationId: string, connectionId: string): Promise<OrganizationConnection> {
      await assertOrganization(db, organizationId);
      const row = await findJoined(db, organizationId, connectionId);
      if (!row) fail('inexistent_connection', NOT_ENABLED);
      return toOrganizationConnection(row);
    },

    async enable(actor: Actor, organizationId: string, input: OrganizationConnectionInput): Promise<OrganizationConnection> {
      return db.transaction().execute(async (trx) => {
        // Locked first, so two concurrent enables cannot both pass the limit check.
        const org = await lockOrganizationRow(trx, organizationId);
        if (!org) fail('inexistent_organization', NO_ORGANIZATION);
        const connection = await findConnectionRow(trx, input.connection_id);
        if (!connection) fail('inexistent_connection', NO_CONNECTION);
        if (connection.organization_id !== null && connection.organization_id !== organizationId) {
          fail(
            'connection_owned_by_other_organization',
            'The connection belongs to another organization and cannot be enabled for this one.',
          );
        }
        if (await findJoined(trx, organizationId, connection.id)) {
          fail('organization_connection_conflict', 'The connection is already enabled for this organization.');
        }
        if ((await countOrganizationConnections(trx, organizationId)) >= limits.organizationConnections) {
          fail('too_many_entities', `An organization can have at most ${limits.organizationConnections} enabled connections.`);
        }
        const settings: OrganizationConnectionSettings = {
          is_enabled: input.is_enabled ?? true,
          assign_membership_on_login: input.assign_membership_on_login ?? false,
          is_signup_enabled: input.is_signup_enabled ?? false,
          show_as_button: input.show_as_button ?? isEnterprise(connection.strategy),
          organization_access_level: input.organization_access_level ?? 'none',
          organization_connection_name: input.organization_connection_name ?? null,
        };
        checkSettings(connection.strategy, settings, input.show_as_button !== undefined);
        await insertOrganizationConnection(trx, {
          organization_id: organizationId,
          connection_id: connection.id,
          ...columns(settings),
          created_at: iso(clock.now()),
        }).catch((error: unknown) => {
          if (isUniqueViolation(error))
            fail('organization_connection_conflict', 'The connection is already enabled for this organization.');
          throw error;
        });
        const row = (await findJoined(trx, organizationId, connection.id))!;
        await events.record(trx, actor, { type: 'organization_connection_enabled', ...subject(org, row), details: { settings } });
        return toOrganizationConnection(row);
      });
    },

    /** Merges the patch onto the stored settings and checks the rules against the result. */
    async update(
      actor: Actor,
      organizationId: string,
      connectionId: string,
      patch: OrganizationConnectionPatch,
    ): Promise<OrganizationConnection> {
      return db.transaction().execute(async (trx) => {
        const org = await assertOrganization(trx, organizationId);
        const row = await findJoined(trx, organizationId, connectionId);
        if (!row) fail('inexistent_connection', NOT_ENABLED);
        const current = toOrganizationConnection(row);
        const settings: OrganizationConnectionSettings = {
          is_enabled: patch.is_enabled ?? current.is_enabled,
          assign_membership_on_login: patch.assign_membership_on_login ?? current.assign_membership_on_login,
          is_signup_enabled: patch.is_signup_enabled ?? current.is_signup_enabled,
          show_as_button: patch.show_as_button ?? bool(row.show_as_button),
          organization_access_level:
            patch.organization_access_level === null ? 'none' : (patch.organization_access_level ?? current.organization_access_level),
          organization_connection_name:
            patch.organization_connection_name === undefined ? row.organization_connection_name : patch.organization_connection_name,
        };
        checkSettings(row.strategy, settings, patch.show_as_button !== undefined);
        await updateOrganizationConnection(trx, organizationId, connectionId, columns(settings));
        // Who signed in to the organization through a connection it no longer allows loses that access.
        if (current.is_enabled && !settings.is_enabled) await revokeOrganizationAccess(trx, { organizationId, connectionId });
        await events.record(trx, actor, {
          type: 'organization_connection_updated',
          ...subject(org, row),
          details: { changed: changedFields(patch), settings },
        });
        return toOrganizationConnection((await findJoined(trx, organizationId, connectionId))!);
      });
    },

    /** Removes the connection from the organization, and the grants it produced there. */
    async disable(actor: Actor, organizationId: string, connectionId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const org = await assertOrganization(trx, organizationId);
        const row = await findJoined(trx, organizationId, connectionId);
        if (!row || !(await deleteOrganizationConnection(trx, organizationId, connectionId))) fail('inexistent_connection', NOT_ENABLED);
        await revokeOrganizationAccess(trx, { organizationId, connectionId });
        await events.record(trx, actor, { type: 'organization_connection_disabled', ...subject(org, row) });
      });
    },
  };
}

export type OrganizationConnectionsService = ReturnType<typeof createOrganizationConnectionsService>;
