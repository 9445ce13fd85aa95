import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { changedFields } from '../events/changed-fields.js';
import type { ClientRowUpdate, NewClientRow } from '../../db/schema/clients.table.js';
import { fail } from '../errors.js';
import { iso } from '../shared/clock.js';
import { randomString } from '../shared/ids.js';
import { int } from '../shared/json.js';
import { pageByKey } from '../shared/keyset-page.js';
import type { PageRequest, PageResult } from '../shared/pagination.js';
import {
  clientSubject,
  deleteClient,
  findBootstrapClientId,
  findClientRow,
  insertClient,
  toClient,
  updateClient,
} from './clients.queries.js';
import { deleteClientGrantsOfClient } from '../client-grants/client-grants.queries.js';
import { enableEveryConnection } from '../connections/connection-clients.queries.js';
import { checkClient, defaultAuthMethod, defaultGrantTypes, mergeMetadata } from './clients.rules.js';
import type { Client, ClientFilter, ClientInput, ClientPatch } from './clients.types.js';

/** Auth0 allows at most 10 client_metadata keys. */
export const MAX_CLIENT_METADATA_KEYS = 10;
const NOT_FOUND = 'The client does not exist';

/** Applications (OAuth clients): create, read, list, update, delete, rotate the secret. */

export function createClientsService({ db, clock, configCache: cache, events }: ServiceDeps) {
  async function get(clientId: string): Promise<Client> {
    const row = await findClientRow(db, clientId);
    if (!row) fail('inexistent_client', NOT_FOUND);
    return toClient(row);
  }

  return {
    /** From the database: the Management API shows what is stored now. */
    get,

    /**
     * For the protocol endpoints, from the configuration cache (shared/config-cache.ts): a change
     * made here applies at once, one made by another process within a second.
     */
    find(clientId: string): Promise<Client | undefined> {
      return cache.get(`client:${clientId}`, async () => {
        const row = await findClientRow(db, clientId);
        return row && toClient(row);
      });
    },

    async create(actor: Actor, input: ClientInput): Promise<Client> {
      const now = iso(clock.now());
      const grantTypes = input.grant_types ?? defaultGrantTypes(input.app_type);
      const draft = {
        callbacks: input.callbacks ?? [],
        allowed_logout_urls: input.allowed_logout_urls ?? [],
        grant_types: grantTypes,
        token_endpoint_auth_method: input.token_endpoint_auth_method ?? defaultAuthMethod(input.app_type),
        client_metadata: input.client_metadata ?? {},
      };
      checkClient(draft, MAX_CLIENT_METADATA_KEYS);
      const row: NewClientRow = {
        client_id: randomString(32),
        client_secret: randomString(64),
        name: input.name,
        description: input.description ?? null,
        app_type: input.app_type ?? null,
        is_first_party: int(input.is_first_party ?? true),
        callbacks: JSON.stringify(draft.callbacks),
        allowed_logout_urls: JSON.stringify(draft.allowed_logout_urls),
        web_origins: JSON.stringify(input.web_origins ?? []),
        grant_types: JSON.stringify(draft.grant_types),
        token_endpoint_auth_method: draft.token_endpoint_auth_method,
        initiate_login_uri: input.initiate_login_uri ?? null,
        organization_usage: input.organization_usage ?? 'deny',
        organization_require_behavior: input.organization_require_behavior ?? 'no_prompt',
        client_metadata: JSON.stringify(draft.client_metadata),
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await insertClient(trx, row);
        await enableEveryConnection(trx, row.client_id);
        await events.record(trx, actor, {
          type: 'client_created',
          ...clientSubject(row),
          details: { app_type: row.app_type, grant_types: draft.grant_types, fields: changedFields(input) },
        });
      });
      // A lookup of this id may have cached its absence.
      cache.clear();
      return toClient(row as Parameters<typeof toClient>[0]);
    },

    async update(actor: Actor, clientId: string, patch: ClientPatch): Promise<Client> {
      const updated = await db.transaction().execute(async (trx) => {
        const row = await findClientRow(trx, clientId);
        if (!row) fail('inexistent_client', NOT_FOUND);
        const current = toClient(row);
        const merged = {
          callbacks: patch.callbacks ?? current.callbacks,
          allowed_logout_urls: patch.allowed_logout_urls ?? current.allowed_logout_urls,
          grant_types: patch.grant_types ?? current.grant_types,
          token_endpoint_auth_method: patch.token_endpoint_auth_method ?? current.token_endpoint_auth_method,
          client_metadata: mergeMetadata(current.client_metadata, patch.client_metadata),
        };
        checkClient(merged, MAX_CLIENT_METADATA_KEYS);
        if (!merged.grant_types.includes('client_credentials') && clientId === (await findBootstrapClientId(trx))) {
          // Without this grant nobody could obtain a Management API token to undo the change.
          fail('operation_not_supported', 'The bootstrap application must keep the client_credentials grant.');
        }
        const changes: ClientRowUpdate = { updated_at: iso(clock.now()) };
        if (patch.name !== undefined) changes.name = patch.name;
        if (patch.description !== undefined) changes.description = patch.description;
        if (patch.app_type !== undefined) changes.app_type = patch.app_type;
        if (patch.is_first_party !== undefined) changes.is_first_party = int(patch.is_first_party);
        if (patch.callbacks !== undefined) changes.callbacks = JSON.stringify(patch.callbacks);
        if (patch.allowed_logout_urls !== undefined) changes.allowed_logout_urls = JSON.stringify(patch.allowed_logout_urls);
        if (patch.web_origins !== undefined) changes.web_origins = JSON.stringify(patch.web_origins);
        if (patch.grant_types !== undefined) changes.grant_types = JSON.stringify(patch.grant_types);
        if (patch.token_endpoint_auth_method !== undefined) changes.token_endpoint_auth_method = patch.token_endpoint_auth_method;
        if (patch.initiate_login_uri !== undefined) changes.initiate_login_uri = patch.initiate_login_uri;
        if (patch.organization_usage !== undefined) changes.organization_usage = patch.organization_usage;
        if (patch.organization_require_behavior !== undefined) changes.organization_require_behavior = patch.organization_require_behavior;
        if (patch.client_metadata !== undefined) changes.client_metadata = JSON.stringify(merged.client_metadata);
        await updateClient(trx, clientId, changes);
        const updated = (await findClientRow(trx, clientId))!;
        await events.record(trx, actor, { type: 'client_updated', ...clientSubject(updated), details: { changed: changedFields(patch) } });
        return toClient(updated);
      });
      // After the commit: a lookup between a clear and the commit would cache the old row again.
      cache.clear();
      return updated;
    },

    /** Replaces the secret; the old one stops working at once (Auth0). */
    async rotateSecret(actor: Actor, clientId: string): Promise<Client> {
      const rotated = await db.transaction().execute(async (trx) => {
        if (!(await updateClient(trx, clientId, { client_secret: randomString(64), updated_at: iso(clock.now()) })))
          fail('inexistent_client', NOT_FOUND);
        const row = (await findClientRow(trx, clientId))!;
        await events.record(trx, actor, { type: 'client_secret_rotated', ...clientSubject(row) });
        return toClient(row);
      });
      cache.clear();
      return rotated;
    },

    /** Deletes the application and its grants; the bootstrap application is kept so the operator keeps access. */
    async remove(actor: Actor, clientId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (clientId === (await findBootstrapClientId(trx))) {
          fail('operation_not_supported', 'The bootstrap application cannot be deleted.');
        }
        const row = await findClientRow(trx, clientId);
        if (!row) fail('inexistent_client', NOT_FOUND);
        await deleteClientGrantsOfClient(trx, clientId);
        if (!(await deleteClient(trx, clientId))) fail('inexistent_client', NOT_FOUND);
        await events.record(trx, actor, { type: 'client_deleted', ...clientSubject(row) });
      });
      // The client and its grants.
      cache.clear();
    },

    /** Lists by client_id; checkpoint paging resumes after the last id seen. */
    async list(filter: ClientFilter, page: PageRequest): Promise<PageResult<Client>> {
      let base = db.selectFrom('clients');
      if (filter.app_type) base = base.where('app_type', 'in', filter.app_type);
      if (filter.is_first_party !== undefined) base = base.where('is_first_party', '=', int(filter.is_first_party));
      return pageByKey({
        page,
        query: base.selectAll(),
        key: 'client_id',
        keyOf: (row) => row.client_id,
        toItems: (rows) => rows.map(toClient),
      });
    },
  };
}

export type ClientsService = ReturnType<typeof createClientsService>;
