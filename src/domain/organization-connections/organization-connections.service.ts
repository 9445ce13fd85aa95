import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { isEnterprise } from '../connections/connections.types.js';
import type { ServiceDeps } from '../services.js';
import { revokeOrganizationAccess } from '../access/access-revocation.js';
import { fail } from '../errors.js';
import { iso } from '../shared/clock.js';
import { bool, int } from '../shared/json.js';
import type { OffsetPage, PageResult } from '../shared/pagination.js';
import { findJoined, joined, toOrganizationConnection } from './organization-connections.queries.js';
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

function columns(settings: OrganizationConnectionSettings) {
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
export function createOrganizationConnectionsService({ db, clock, limits }: ServiceDeps) {
  async function assertOrganization(trx: Kysely<Database>, organizationId: string): Promise<void> {
    const org = await trx.selectFrom('organizations').select('id').where('id', '=', organizationId).executeTakeFirst();
    if (!org) fail('inexistent_organization', NO_ORGANIZATION);
  }

  // A no-op update takes the organization's row lock (PostgreSQL) or the write lock (SQLite), so two
  // concurrent enables cannot both pass the limit check.
  async function lockOrganization(trx: Kysely<Database>, organizationId: string): Promise<void> {
    const result = await trx
      .updateTable('organizations')
      .set((eb) => ({ id: eb.ref('id') }))
      .where('id', '=', organizationId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) fail('inexistent_organization', NO_ORGANIZATION);
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

    async enable(organizationId: string, input: OrganizationConnectionInput): Promise<OrganizationConnection> {
      return db.transaction().execute(async (trx) => {
        await lockOrganization(trx, organizationId);
        const connection = await trx
          .selectFrom('connections')
          .select(['id', 'strategy', 'organization_id'])
          .where('id', '=', input.connection_id)
          .executeTakeFirst();
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
        const { count } = await trx
          .selectFrom('organization_connections')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('organization_id', '=', organizationId)
          .executeTakeFirstOrThrow();
        if (Number(count) >= limits.organizationConnections) {
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
        await trx
          .insertInto('organization_connections')
          .values({
            organization_id: organizationId,
            connection_id: connection.id,
            ...columns(settings),
            created_at: iso(clock.now()),
          })
          .execute()
          .catch((error: unknown) => {
            if (isUniqueViolation(error))
              fail('organization_connection_conflict', 'The connection is already enabled for this organization.');
            throw error;
          });
        return toOrganizationConnection((await findJoined(trx, organizationId, connection.id))!);
      });
    },

    /** Merges the patch onto the stored settings and checks the rules against the result. */
    async update(organizationId: string, connectionId: string, patch: OrganizationConnectionPatch): Promise<OrganizationConnection> {
      return db.transaction().execute(async (trx) => {
        await assertOrganization(trx, organizationId);
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
        await trx
          .updateTable('organization_connections')
          .set(columns(settings))
          .where('organization_id', '=', organizationId)
          .where('connection_id', '=', connectionId)
          .execute();
        // Who signed in to the organization through a connection it no longer allows loses that access.
        if (current.is_enabled && !settings.is_enabled) await revokeOrganizationAccess(trx, { organizationId, connectionId });
        return toOrganizationConnection((await findJoined(trx, organizationId, connectionId))!);
      });
    },

    /** Removes the connection from the organization, and the grants it produced there. */
    async disable(organizationId: string, connectionId: string): Promise<void> {
      await assertOrganization(db, organizationId);
      await db.transaction().execute(async (trx) => {
        const result = await trx
          .deleteFrom('organization_connections')
          .where('organization_id', '=', organizationId)
          .where('connection_id', '=', connectionId)
          .executeTakeFirst();
        if (result.numDeletedRows === 0n) fail('inexistent_connection', NOT_ENABLED);
        await revokeOrganizationAccess(trx, { organizationId, connectionId });
      });
    },
  };
}

export type OrganizationConnectionsService = ReturnType<typeof createOrganizationConnectionsService>;
