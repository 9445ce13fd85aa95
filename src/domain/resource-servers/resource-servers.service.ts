import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ResourceServerRow } from '../../db/schema/resource-servers.table.js';
import type { ServiceDeps } from '../services.js';
import { fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import { randomString } from '../shared/ids.js';
import { parseJson } from '../shared/json.js';
import { pageByKey } from '../shared/keyset-page.js';
import type { PageRequest, PageResult } from '../shared/pagination.js';
import { findResourceServerByIdentifier, findResourceServerRow, toResourceServer } from './resource-servers.queries.js';
import type { ResourceServer, ResourceServerInput, ResourceServerPatch, ResourceServerScope } from './resource-servers.types.js';

/** Auth0's default access token lifetime for an API: one day. */
export const DEFAULT_TOKEN_LIFETIME = 86400;
const NOT_FOUND = 'The resource server does not exist';

function checkScopes(scopes: ResourceServerScope[]): void {
  const seen = new Set<string>();
  for (const { value } of scopes) {
    if (seen.has(value)) invalidInput('scopes', `Duplicate scope value: ${value}`, { value });
    seen.add(value);
  }
}

async function findOrFail(db: Kysely<Database>, idOrIdentifier: string): Promise<ResourceServerRow> {
  const row = await findResourceServerRow(db, idOrIdentifier);
  if (!row) fail('inexistent_resource_server', NOT_FOUND);
  return row;
}

// The Management API is created by bootstrap and follows the issuer; changing it could lock the operator out.
function assertNotSystem(row: ResourceServerRow, action: 'updated' | 'deleted'): void {
  if (row.is_system === 1) fail('operation_not_supported', `The Management API is a system resource server and cannot be ${action}.`);
}

/** APIs (Auth0's resource servers): create, read, list, update, delete. */
export function createResourceServersService({ db, clock, configCache: cache }: ServiceDeps) {
  return {
    /**
     * For the protocol endpoints, by identifier (audience), from the configuration cache
     * (shared/config-cache.ts): a change made here applies at once, one made by another process
     * within a second.
     */
    findByIdentifier(identifier: string): Promise<ResourceServer | undefined> {
      return cache.get(`api:${identifier}`, () => findResourceServerByIdentifier(db, identifier));
    },

    /** By id or identifier, as Auth0 accepts either. */
    async get(idOrIdentifier: string): Promise<ResourceServer> {
      return toResourceServer(await findOrFail(db, idOrIdentifier));
    },

    async create(input: ResourceServerInput): Promise<ResourceServer> {
      const scopes = input.scopes ?? [];
      checkScopes(scopes);
      const now = iso(clock.now());
      const row: ResourceServerRow = {
        id: randomString(24, '0123456789abcdef'),
        identifier: input.identifier,
        name: input.name,
        scopes: JSON.stringify(scopes),
        signing_alg: input.signing_alg ?? 'RS256',
        token_lifetime: input.token_lifetime ?? DEFAULT_TOKEN_LIFETIME,
        is_system: 0,
        created_at: now,
        updated_at: now,
      };
      await db
        .insertInto('resource_servers')
        .values(row)
        .execute()
        .catch((error: unknown) => {
          if (isUniqueViolation(error))
            fail('resource_server_conflict', `A resource server with the same identifier already exists: ${input.identifier}`);
          throw error;
        });
      // A lookup of this identifier may have cached its absence.
      cache.clear();
      return toResourceServer(row);
    },

    /** Removing a scope also removes it from every client grant for this API, in the same transaction. */
    async update(idOrIdentifier: string, patch: ResourceServerPatch): Promise<ResourceServer> {
      const updated = await db.transaction().execute(async (trx) => {
        const row = await findOrFail(trx, idOrIdentifier);
        assertNotSystem(row, 'updated');
        const changes: Record<string, string | number> = { updated_at: iso(clock.now()) };
        if (patch.name !== undefined) changes.name = patch.name;
        if (patch.signing_alg !== undefined) changes.signing_alg = patch.signing_alg;
        if (patch.token_lifetime !== undefined) changes.token_lifetime = patch.token_lifetime;
        if (patch.scopes !== undefined) {
          checkScopes(patch.scopes);
          changes.scopes = JSON.stringify(patch.scopes);
          const kept = new Set(patch.scopes.map((s) => s.value));
          const grants = await trx.selectFrom('client_grants').select(['id', 'scope']).where('audience', '=', row.identifier).execute();
          for (const grant of grants) {
            const scope = parseJson<string[]>(grant.scope, []);
            const trimmed = scope.filter((s) => kept.has(s));
            if (trimmed.length !== scope.length) {
              await trx
                .updateTable('client_grants')
                .set({ scope: JSON.stringify(trimmed) })
                .where('id', '=', grant.id)
                .execute();
            }
          }
        }
        await trx.updateTable('resource_servers').set(changes).where('id', '=', row.id).execute();
        return toResourceServer((await findResourceServerRow(trx, row.id))!);
      });
      // After the commit, and the grants too: their scopes may have been trimmed.
      cache.clear();
      return updated;
    },

    /** Deletes the API and every client grant for it. */
    async remove(idOrIdentifier: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await findOrFail(trx, idOrIdentifier);
        assertNotSystem(row, 'deleted');
        await trx.deleteFrom('client_grants').where('audience', '=', row.identifier).execute();
        await trx.deleteFrom('resource_servers').where('id', '=', row.id).execute();
      });
      cache.clear();
    },

    /** Lists by id; checkpoint paging resumes after the last id seen. */
    async list(page: PageRequest): Promise<PageResult<ResourceServer>> {
      return pageByKey({
        page,
        query: db.selectFrom('resource_servers').selectAll(),
        key: 'id',
        keyOf: (row) => row.id,
        toItems: (rows) => rows.map(toResourceServer),
      });
    },
  };
}

export type ResourceServersService = ReturnType<typeof createResourceServersService>;
