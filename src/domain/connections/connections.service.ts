import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ServiceDeps } from '../services.js';
import { revokeConnectionAccess } from '../access/access-revocation.js';
import { fail } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { int } from '../shared/json.js';
import { pageByKey } from '../shared/keyset-page.js';
import type { PageRequest, PageResult } from '../shared/pagination.js';
import { keepOmittedSecrets, normalizeOptions } from './connections.options.js';
import { findConnectionRow, replaceDomains, toConnection } from './connections.queries.js';
import type { Connection, ConnectionFilter, ConnectionInput, ConnectionPatch } from './connections.types.js';

const NOT_FOUND = 'No connection found by that id';

/** Connections: create, read, list, update, delete, and lookups for login (by id, by email domain). */
export function createConnectionsService({ db, clock }: ServiceDeps) {
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
    if (!org) fail('invalid_body', `Payload validation error: 'No organization found by that id' on property organization_id.`);
  }

  function filtered(filter: ConnectionFilter) {
    let query = db.selectFrom('connections');
    if (filter.strategy && filter.strategy.length > 0) query = query.where('connections.strategy', 'in', filter.strategy);
    if (filter.name !== undefined) query = query.where('connections.name', '=', filter.name);
    if (filter.domain !== undefined) {
      const domain = filter.domain.toLowerCase();
      query = query.where((eb) => eb.exists(eb.selectFrom('connection_domains').select('connection_domains.domain')
        .whereRef('connection_domains.connection_id', '=', 'connections.id').where('connection_domains.domain', '=', domain)));
    }
    return query;
  }

  /** The connection with its secrets: for login and federation code, never for a route as is. */
  async function get(id: string): Promise<Connection> {
    const row = await findConnectionRow(db, id);
    if (!row) fail('inexistent_connection', NOT_FOUND);
    return toConnection(row);
  }

  return {
    get,

    /** The connection whose domain_aliases hold this email domain (home realm discovery), if any. */
    async findByDomain(domain: string): Promise<Connection | undefined> {
      const row = await db.selectFrom('connections').innerJoin('connection_domains', 'connection_domains.connection_id', 'connections.id')
        .selectAll('connections').where('connection_domains.domain', '=', domain.toLowerCase()).executeTakeFirst();
      return row && toConnection(row);
    },

    async create(input: ConnectionInput): Promise<Connection> {
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
      await db.transaction().execute(async (trx) => {
        if (input.organization_id !== undefined) await assertOrganization(trx, input.organization_id);
        await trx.insertInto('connections').values(row).execute().catch(nameConflict);
        await replaceDomains(trx, row.id, options.domain_aliases).catch(domainConflict);
      });
      return toConnection(row);
    },

    async update(id: string, patch: ConnectionPatch): Promise<Connection> {
      return db.transaction().execute(async (trx) => {
        const row = await findConnectionRow(trx, id);
        if (!row) fail('inexistent_connection', NOT_FOUND);
        const current = toConnection(row);
        const changes: Record<string, string | number | null> = { updated_at: iso(clock.now()) };
        if (patch.display_name !== undefined) changes.display_name = patch.display_name;
        if (patch.metadata !== undefined) changes.metadata = JSON.stringify(patch.metadata);
        if (patch.is_domain_connection !== undefined) changes.is_domain_connection = int(patch.is_domain_connection);
        if (patch.options !== undefined) {
          const options = keepOmittedSecrets(normalizeOptions(current.strategy, patch.options), current.options, current.strategy);
          changes.options = JSON.stringify(options);
          await replaceDomains(trx, id, options.domain_aliases).catch(domainConflict);
        }
        await trx.updateTable('connections').set(changes).where('id', '=', id).execute();
        return toConnection((await findConnectionRow(trx, id))!);
      });
    },

    /** Deletes the connection; its domains, organization links and identities go with it (FK cascade). */
    async remove(id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('connections').where('id', '=', id).executeTakeFirst();
        if (result.numDeletedRows === 0n) fail('inexistent_connection', NOT_FOUND);
        await revokeConnectionAccess(trx, id);
      });
    },

    /** Lists by id, filtered; checkpoint paging resumes after the last id seen. */
    async list(filter: ConnectionFilter, page: PageRequest): Promise<PageResult<Connection>> {
      return pageByKey({
        page, query: filtered(filter).selectAll('connections'), key: 'connections.id', keyOf: (row) => row.id,
        toItems: (rows) => rows.map(toConnection),
      });
    },
  };
}

export type ConnectionsService = ReturnType<typeof createConnectionsService>;
