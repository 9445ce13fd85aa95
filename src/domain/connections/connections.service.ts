import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { changedFields } from '../events/changed-fields.js';
import { revokeConnectionAccess } from '../access/access-revocation.js';
import { fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { int } from '../shared/json.js';
import { pageByKey } from '../shared/keyset-page.js';
import type { PageRequest, PageResult } from '../shared/pagination.js';
import { keepOmittedSecrets, normalizeOptions } from './connections.options.js';
import {
  connectionSubject,
  deleteConnection,
  findConnectionRow,
  insertConnection,
  replaceDomains,
  toConnection,
  updateConnection,
} from './connections.queries.js';
import {
  assertClientsExist,
  disableClients,
  enableClients,
  enableForEveryClient,
  enabledClientsOf,
  replaceEnabledClients,
} from './connection-clients.queries.js';
import type { ConnectionRow, ConnectionRowUpdate } from '../../db/schema/connections.table.js';
import type { Connection, ConnectionFilter, ConnectionInput, ConnectionPatch, EnabledClientChange } from './connections.types.js';

const NOT_FOUND = 'No connection found by that id';

/** Connections: create, read, list, update, delete, and lookups for login (by id, by email domain). */
export function createConnectionsService({ db, clock, events }: ServiceDeps) {
  function nameConflict(error: unknown): never {
    if (isUniqueViolation(error)) fail('connection_conflict', 'A connection with the same name already exists');
    throw error;
  }

  // A concurrent writer may claim a domain between the pre-check and the insert.
  function domainConflict(error: unknown): never {
    if (isUniqueViolation(error)) fail('domain_conflict', 'A domain in domain_aliases is already used by another connection.');
    throw error;
  }

  async function assertOrganization(trx: Kysely<Database>, organizationId: string): Promise<void> {
    const org = await trx.selectFrom('organizations').select('id').where('id', '=', organizationId).executeTakeFirst();
    if (!org) invalidInput('organization_id', 'No organization found by that id', { value: organizationId });
  }

  function filtered(filter: ConnectionFilter) {
    let query = db.selectFrom('connections');
    if (filter.strategy && filter.strategy.length > 0) query = query.where('connections.strategy', 'in', filter.strategy);
    if (filter.name !== undefined) query = query.where('connections.name', '=', filter.name);
    if (filter.domain !== undefined) {
      const domain = filter.domain.toLowerCase();
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('connection_domains')
            .select('connection_domains.domain')
            .whereRef('connection_domains.connection_id', '=', 'connections.id')
            .where('connection_domains.domain', '=', domain),
        ),
      );
    }
    return query;
  }

  /** Rows to domain connections, with the applications each is enabled for. */
  async function withClients(trx: Kysely<Database>, rows: ConnectionRow[]): Promise<Connection[]> {
    const clients = await enabledClientsOf(
      trx,
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({ ...toConnection(row), enabled_clients: clients.get(row.id) ?? [] }));
  }

  async function existing(trx: Kysely<Database>, id: string): Promise<ConnectionRow> {
    const row = await findConnectionRow(trx, id);
    if (!row) fail('inexistent_connection', NOT_FOUND);
    return row;
  }

  /** The connection with its secrets: for login and federation code, never for a route as is. */
  async function get(id: string): Promise<Connection> {
    return (await withClients(db, [await existing(db, id)]))[0];
  }

  return {
    get,

    /** The connection whose domain_aliases hold this email domain (home realm discovery), if any. */
    async findByDomain(domain: string): Promise<Connection | undefined> {
      const row = await db
        .selectFrom('connections')
        .innerJoin('connection_domains', 'connection_domains.connection_id', 'connections.id')
        .selectAll('connections')
        .where('connection_domains.domain', '=', domain.toLowerCase())
        .executeTakeFirst();
      return row && toConnection(row);
    },

    async create(actor: Actor, input: ConnectionInput): Promise<Connection> {
      const options = normalizeOptions(input.strategy, input.options);
      const now = iso(clock.now());
      const row = {
        id: prefixedId('con'),
        name: input.name,
        display_name: input.display_name ?? null,
        strategy: input.strategy,
        options: JSON.stringify(options),
        metadata: JSON.stringify(input.metadata ?? {}),
        organization_id: input.organization_id ?? null,
        is_domain_connection: int(input.is_domain_connection ?? false),
        created_at: now,
        updated_at: now,
      };
      return db.transaction().execute(async (trx) => {
        if (input.organization_id !== undefined) await assertOrganization(trx, input.organization_id);
        if (input.enabled_clients) await assertClientsExist(trx, input.enabled_clients, 'enabled_clients');
        await insertConnection(trx, row).catch(nameConflict);
        await replaceDomains(trx, row.id, options.domain_aliases).catch(domainConflict);
        if (input.enabled_clients) await enableClients(trx, row.id, input.enabled_clients);
        else await enableForEveryClient(trx, row.id);
        const created = (await withClients(trx, [row]))[0];
        await events.record(trx, actor, {
          type: 'connection_created',
          ...connectionSubject(row),
          details: { domain_aliases: options.domain_aliases, enabled_clients: created.enabled_clients },
        });
        return created;
      });
    },

    async update(actor: Actor, id: string, patch: ConnectionPatch): Promise<Connection> {
      return db.transaction().execute(async (trx) => {
        const row = await existing(trx, id);
        const current = toConnection(row);
        const changes: ConnectionRowUpdate = { updated_at: iso(clock.now()) };
        if (patch.display_name !== undefined) changes.display_name = patch.display_name;
        if (patch.metadata !== undefined) changes.metadata = JSON.stringify(patch.metadata);
        if (patch.is_domain_connection !== undefined) changes.is_domain_connection = int(patch.is_domain_connection);
        if (patch.options !== undefined) {
          const options = keepOmittedSecrets(normalizeOptions(current.strategy, patch.options), current.options, current.strategy);
          changes.options = JSON.stringify(options);
          await replaceDomains(trx, id, options.domain_aliases).catch(domainConflict);
        }
        if (patch.enabled_clients !== undefined) {
          await assertClientsExist(trx, patch.enabled_clients, 'enabled_clients');
          await replaceEnabledClients(trx, id, patch.enabled_clients);
        }
        await updateConnection(trx, id, changes);
        // Option names only: their values may be secrets.
        const options = patch.options === undefined ? {} : { options: changedFields(patch.options) };
        await events.record(trx, actor, {
          type: 'connection_updated',
          ...connectionSubject(row),
          details: { changed: changedFields(patch), ...options },
        });
        return (await withClients(trx, [await existing(trx, id)]))[0];
      });
    },

    /** The applications the connection is enabled for, by client id; checkpoint paging only, as in Auth0. */
    async enabledClients(id: string, page: { from?: string; take: number }): Promise<{ clients: string[]; next?: string }> {
      await existing(db, id);
      const result = await pageByKey({
        page: { kind: 'checkpoint', from: page.from, take: page.take },
        query: db.selectFrom('connection_clients').select('client_id').where('connection_id', '=', id),
        key: 'client_id',
        keyOf: (row) => row.client_id,
        toItems: (rows) => rows.map((r) => r.client_id),
      });
      return result.next ? { clients: result.items, next: result.next } : { clients: result.items };
    },

    /** Enables or disables the connection for each listed client, all or nothing. */
    async changeEnabledClients(actor: Actor, id: string, changes: EnabledClientChange[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await existing(trx, id);
        await assertClientsExist(
          trx,
          changes.map((c) => c.client_id),
          'client_id',
        );
        // The last entry for a client wins, as if applied in order.
        const last = new Map(changes.map((c) => [c.client_id, c.status]));
        const enabled = [...last].filter(([, on]) => on).map(([clientId]) => clientId);
        const disabled = [...last].filter(([, on]) => !on).map(([clientId]) => clientId);
        await enableClients(trx, id, enabled);
        await disableClients(trx, id, disabled);
        await updateConnection(trx, id, { updated_at: iso(clock.now()) });
        await events.record(trx, actor, { type: 'connection_clients_updated', ...connectionSubject(row), details: { enabled, disabled } });
      });
    },

    /** Deletes the connection; its domains, organization links and identities go with it (FK cascade). */
    async remove(actor: Actor, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await existing(trx, id);
        if (!(await deleteConnection(trx, id))) fail('inexistent_connection', NOT_FOUND);
        await revokeConnectionAccess(trx, id);
        await events.record(trx, actor, { type: 'connection_deleted', ...connectionSubject(row) });
      });
    },

    /** Lists by id, filtered; checkpoint paging resumes after the last id seen. */
    async list(filter: ConnectionFilter, page: PageRequest): Promise<PageResult<Connection>> {
      return pageByKey({
        page,
        query: filtered(filter).selectAll('connections'),
        key: 'connections.id',
        keyOf: (row) => row.id,
        toItems: (rows) => withClients(db, rows),
      });
    },
  };
}

export type ConnectionsService = ReturnType<typeof createConnectionsService>;
