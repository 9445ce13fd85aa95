import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ResourceServerRow, ResourceServerRowUpdate } from '../../db/schema/resource-servers.table.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { changedFields } from '../events/changed-fields.js';
import { clientGrantsForAudience, deleteClientGrantsForAudience, updateClientGrant } from '../client-grants/client-grants.queries.js';
import { fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import { randomString } from '../shared/ids.js';
import { parseJson } from '../shared/json.js';
import { pageByKey } from '../shared/keyset-page.js';
import type { PageRequest, PageResult } from '../shared/pagination.js';
import {
  deleteResourceServer,
  findResourceServerByIdentifier,
  findResourceServerRow,
  insertResourceServer,
  toResourceServer,
  updateResourceServer,
} from './resource-servers.queries.js';
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

// The system APIs are created by bootstrap and follow the issuer; changing the Management API could
// lock the operator out, and the My Organization API's scopes and lifetime are Auth0's.
function assertNotSystem(row: ResourceServerRow, action: 'updated' | 'deleted'): void {
  if (row.is_system !== 1) return;
  const name = row.system_api === 'my_org' ? 'My Organization API' : row.system_api === 'my_account' ? 'My Account API' : 'Management API';
  fail('operation_not_supported', `The ${name} is a system resource server and cannot be ${action}.`);
}

/** What an event says about an API (the events table has no column for it). */
function apiDetails(row: Pick<ResourceServerRow, 'id' | 'identifier' | 'name'>) {
  return { resource_server: { id: row.id, identifier: row.identifier, name: row.name } };
}

/** APIs (Auth0's resource servers): create, read, list, update, delete. */
export function createResourceServersService({ db, clock, configCache: cache, events }: ServiceDeps) {
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

    async create(actor: Actor, input: ResourceServerInput): Promise<ResourceServer> {
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
        system_api: null,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await insertResourceServer(trx, row).catch((error: unknown) => {
          if (isUniqueViolation(error))
            fail('resource_server_conflict', `A resource server with the same identifier already exists: ${input.identifier}`);
          throw error;
        });
        await events.record(trx, actor, {
          type: 'resource_server_created',
          details: { ...apiDetails(row), scopes: scopes.map((s) => s.value) },
        });
      });
      // A lookup of this identifier may have cached its absence.
      cache.clear();
      return toResourceServer(row);
    },

    /** Removing a scope also removes it from every client grant for this API, in the same transaction. */
    async update(actor: Actor, idOrIdentifier: string, patch: ResourceServerPatch): Promise<ResourceServer> {
      const updated = await db.transaction().execute(async (trx) => {
        const row = await findOrFail(trx, idOrIdentifier);
        assertNotSystem(row, 'updated');
        const changes: ResourceServerRowUpdate = { updated_at: iso(clock.now()) };
        const trimmed: string[] = [];
        if (patch.name !== undefined) changes.name = patch.name;
        if (patch.signing_alg !== undefined) changes.signing_alg = patch.signing_alg;
        if (patch.token_lifetime !== undefined) changes.token_lifetime = patch.token_lifetime;
        if (patch.scopes !== undefined) {
          checkScopes(patch.scopes);
          changes.scopes = JSON.stringify(patch.scopes);
          const kept = new Set(patch.scopes.map((s) => s.value));
          for (const grant of await clientGrantsForAudience(trx, row.identifier)) {
            const scope = parseJson<string[]>(grant.scope, []);
            const left = scope.filter((s) => kept.has(s));
            if (left.length !== scope.length) {
              await updateClientGrant(trx, grant.id, { scope: JSON.stringify(left) });
              trimmed.push(grant.id);
            }
          }
        }
        await updateResourceServer(trx, row.id, changes);
        const after = (await findResourceServerRow(trx, row.id))!;
        await events.record(trx, actor, {
          type: 'resource_server_updated',
          details: {
            ...apiDetails(after),
            changed: changedFields(patch),
            ...(trimmed.length > 0 ? { client_grants_trimmed: trimmed } : {}),
          },
        });
        return toResourceServer(after);
      });
      // After the commit, and the grants too: their scopes may have been trimmed.
      cache.clear();
      return updated;
    },

    /** Deletes the API and every client grant for it. */
    async remove(actor: Actor, idOrIdentifier: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await findOrFail(trx, idOrIdentifier);
        assertNotSystem(row, 'deleted');
        await deleteClientGrantsForAudience(trx, row.identifier);
        await deleteResourceServer(trx, row.id);
        await events.record(trx, actor, { type: 'resource_server_deleted', details: apiDetails(row) });
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
