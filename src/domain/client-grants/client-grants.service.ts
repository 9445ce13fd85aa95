import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ClientGrantRow, ClientGrantRowUpdate } from '../../db/schema/client-grants.table.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { changedFields } from '../events/changed-fields.js';
import type { EventInput } from '../events/events.types.js';
import { fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { int, parseJson } from '../shared/json.js';
import { pageByKey } from '../shared/keyset-page.js';
import type { PageRequest, PageResult } from '../shared/pagination.js';
import { clientSubject, findBootstrapClientId, findClientRow } from '../clients/clients.queries.js';
import { findResourceServerByIdentifier } from '../resource-servers/resource-servers.queries.js';
import {
  deleteClientGrant,
  findClientGrant,
  findClientGrantRow,
  insertClientGrant,
  toClientGrant,
  updateClientGrant,
} from './client-grants.queries.js';
import type { ClientGrant, ClientGrantFilter, ClientGrantInput, ClientGrantPatch, SubjectType } from './client-grants.types.js';

const NOT_FOUND = 'The client grant does not exist';

/** Every requested scope must be one the API defines. */
async function checkScopes(db: Kysely<Database>, audience: string, scope: string[]): Promise<void> {
  const api = await findResourceServerByIdentifier(db, audience);
  if (!api) fail('inexistent_resource_server', `No resource server found by that identifier: ${audience}`);
  const defined = new Set(api.scopes.map((s) => s.value));
  const unknown = scope.find((s) => !defined.has(s));
  if (unknown !== undefined) {
    invalidInput('scope', `Scope "${unknown}" is not defined on the resource server ${audience}`, { value: unknown });
  }
}

/** The My Organization and My Account APIs act for people only: their tokens never come from client credentials. */
async function checkSubjectType(db: Kysely<Database>, audience: string, subjectType: SubjectType): Promise<void> {
  const api = await findResourceServerByIdentifier(db, audience);
  const name = api?.system_api === 'my_org' ? 'My Organization API' : api?.system_api === 'my_account' ? 'My Account API' : undefined;
  if (name && subjectType !== 'user') {
    invalidInput('subject_type', `The ${name} accepts only user access: subject_type must be user`, { value: subjectType });
  }
}

async function findRow(db: Kysely<Database>, id: string): Promise<ClientGrantRow> {
  const row = await findClientGrantRow(db, id);
  if (!row) fail('inexistent_client_grant', NOT_FOUND);
  return row;
}

/** What an event says about a grant: its application (by id and name), its API and scopes. */
async function grantEvent(db: Kysely<Database>, row: ClientGrantRow): Promise<Omit<EventInput, 'type'>> {
  const client = await findClientRow(db, row.client_id);
  return {
    ...(client ? clientSubject(client) : { clientId: row.client_id }),
    details: { client_grant: { id: row.id, audience: row.audience, scope: parseJson<string[]>(row.scope, []) } },
  };
}

/**
 * Client grants: which scopes an application may obtain for an API, for itself (client credentials)
 * or, with `subject_type: user`, for the people signed in through it.
 */
export function createClientGrantsService({ db, clock, configCache: cache, events }: ServiceDeps) {
  return {
    /**
     * The grant of one client for one API, for the token endpoint, from the configuration cache
     * (shared/config-cache.ts): a change made here applies at once, one made by another process
     * within a second.
     */
    find(clientId: string, audience: string): Promise<ClientGrant | undefined> {
      return cache.get(`grant:${JSON.stringify([clientId, audience])}`, () => findClientGrant(db, clientId, audience));
    },

    async create(actor: Actor, input: ClientGrantInput): Promise<ClientGrant> {
      const client = await findClientRow(db, input.client_id);
      if (!client) fail('inexistent_client', `No client found by that id: ${input.client_id}`);
      const scope = [...new Set(input.scope ?? [])];
      await checkScopes(db, input.audience, scope);
      await checkSubjectType(db, input.audience, input.subject_type ?? 'client');
      const row: ClientGrantRow = {
        id: prefixedId('cgr'),
        client_id: input.client_id,
        audience: input.audience,
        scope: JSON.stringify(scope),
        organization_usage: input.organization_usage ?? null,
        allow_any_organization: int(input.allow_any_organization ?? false),
        subject_type: input.subject_type ?? 'client',
        created_at: iso(clock.now()),
      };
      await db.transaction().execute(async (trx) => {
        await insertClientGrant(trx, row).catch((error: unknown) => {
          if (isUniqueViolation(error)) fail('client_grant_conflict', 'A client grant for this client and audience already exists.');
          throw error;
        });
        await events.record(trx, actor, { type: 'client_grant_created', ...(await grantEvent(trx, row)) });
      });
      // A lookup of this pair may have cached its absence.
      cache.clear();
      return toClientGrant(row);
    },

    async update(actor: Actor, id: string, patch: ClientGrantPatch): Promise<ClientGrant> {
      const updated = await db.transaction().execute(async (trx) => {
        const row = await findRow(trx, id);
        const changes: ClientGrantRowUpdate = {};
        if (patch.scope !== undefined) {
          // Auth0: a null scope means no scopes.
          const scope = [...new Set(patch.scope ?? [])];
          await checkScopes(trx, row.audience, scope);
          changes.scope = JSON.stringify(scope);
        }
        if (patch.organization_usage !== undefined) changes.organization_usage = patch.organization_usage;
        if (patch.allow_any_organization !== undefined) changes.allow_any_organization = int(patch.allow_any_organization ?? false);
        if (Object.keys(changes).length > 0) await updateClientGrant(trx, id, changes);
        const after = await findRow(trx, id);
        const event = await grantEvent(trx, after);
        await events.record(trx, actor, {
          type: 'client_grant_updated',
          ...event,
          details: { ...event.details, changed: changedFields(patch) },
        });
        return toClientGrant(after);
      });
      // After the commit: a lookup between a clear and the commit would cache the old row again.
      cache.clear();
      return updated;
    },

    /** The bootstrap application's Management API grant stays, so the operator keeps access. */
    async remove(actor: Actor, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await findRow(trx, id);
        const api = await findResourceServerByIdentifier(trx, row.audience);
        if (api?.is_system && row.client_id === (await findBootstrapClientId(trx))) {
          fail('operation_not_supported', "The bootstrap application's Management API grant cannot be deleted.");
        }
        await deleteClientGrant(trx, id);
        await events.record(trx, actor, { type: 'client_grant_deleted', ...(await grantEvent(trx, row)) });
      });
      cache.clear();
    },

    /** Lists by id; checkpoint paging resumes after the last id seen. */
    async list(filter: ClientGrantFilter, page: PageRequest): Promise<PageResult<ClientGrant>> {
      let base = db.selectFrom('client_grants');
      if (filter.audience !== undefined) base = base.where('audience', '=', filter.audience);
      if (filter.client_id !== undefined) base = base.where('client_id', '=', filter.client_id);
      if (filter.allow_any_organization !== undefined) base = base.where('allow_any_organization', '=', int(filter.allow_any_organization));
      if (filter.subject_type !== undefined) base = base.where('subject_type', '=', filter.subject_type);
      return pageByKey({
        page,
        query: base.selectAll(),
        key: 'id',
        keyOf: (row) => row.id,
        toItems: (rows) => rows.map(toClientGrant),
      });
    },
  };
}

export type ClientGrantsService = ReturnType<typeof createClientGrantsService>;
