import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ConnectionRow } from '../../db/schema/connections.table.js';
import type { UserRowUpdate } from '../../db/schema/users.table.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import type { EventType } from '../events/event-types.js';
import { revokeUserAccess } from '../access/access-revocation.js';
import { fail, invalidInput } from '../errors.js';
import { entitledEmail } from '../provisioning/email-entitlement.js';
import { findLinked } from '../provisioning/login-steps.js';
import { iso } from '../shared/clock.js';
import { hexId, prefixedId } from '../shared/ids.js';
import { parseJson } from '../shared/json.js';
import { findConnectionById, findUserRow, insertIdentity, insertUser, newUserRow, userSubject } from '../users/users.queries.js';
import { findConfigurationRow, mappingOf } from './scim-configurations.queries.js';
import { mapResource, type MappedProfile, scimBoolean } from './scim-mapping.js';
import { valueAt } from './scim-paths.js';
import { findScimUser, findScimUserByName, listScimUsers, toStoredUser } from './scim-users.queries.js';
import type { ScimListQuery, ScimListResult, ScimResource, StoredScimResource } from './scim.types.js';

type Trx = Kysely<Database>;

const NOT_FOUND = 'No SCIM user found by that id in this connection.';
const DUPLICATE = 'A user with this userName already exists in this connection.';

/** What a SCIM request's connection needs: the connection and its SCIM configuration. */
interface ScimContext {
  connection: ConnectionRow;
  userIdAttribute: string;
  mapping: ReturnType<typeof mappingOf>;
  domainAliases: string[];
}

/**
 * The resource as stored: no server fields, no password (Okta sends one; the user signs in through
 * the connection, and a secret is never stored), `active` a boolean (Entra ID sends `"False"`).
 */
function normalized(resource: ScimResource): ScimResource & { userName: string } {
  const { id: _id, meta: _meta, password: _password, ...rest } = resource;
  const userName = rest.userName;
  if (typeof userName !== 'string' || userName.trim() === '') invalidInput('userName', 'Required: a non-empty string');
  if (userName.length > 256) invalidInput('userName', 'At most 256 characters', { limit: 256 });
  if (rest.active !== undefined) {
    const active = scimBoolean(rest.active);
    if (active === undefined) invalidInput('active', 'Must be a boolean', { value: String(rest.active) });
    rest.active = active;
  }
  return { ...rest, userName };
}

function externalIdOf(resource: ScimResource): string | null {
  return typeof resource.externalId === 'string' && resource.externalId !== '' ? resource.externalId : null;
}

/**
 * SCIM Users of an enterprise connection (RFC 7644 §3): each is a Gatehouse user of the connection
 * whose enterprise identity's subject is the configured user id attribute, so the person's SAML or
 * OIDC login reaches the same user. Creating one pre-provisions; `active: false` blocks and ends
 * every session and refresh token; deleting removes the user. A user the connection owns joins its
 * organization. One transaction per change, with its event.
 */
export function createScimUsersService(deps: ServiceDeps) {
  const { db, clock, events } = deps;

  async function context(executor: Trx, connectionId: string): Promise<ScimContext> {
    const connection = await findConnectionById(executor, connectionId);
    const configuration = connection && (await findConfigurationRow(executor, connectionId));
    if (!connection || !configuration) fail('inexistent_scim_configuration', 'The connection has no SCIM configuration.');
    return {
      connection,
      userIdAttribute: configuration.user_id_attribute,
      mapping: mappingOf(configuration),
      domainAliases: parseJson<{ domain_aliases?: string[] }>(connection.options, {}).domain_aliases ?? [],
    };
  }

  function subjectOf(ctx: ScimContext, resource: ScimResource): string {
    const value = valueAt(resource, ctx.userIdAttribute);
    if (typeof value !== 'string' || value === '') {
      invalidInput(ctx.userIdAttribute, "Required: the connection's user id attribute, a non-empty string");
    }
    return value;
  }

  /** The user's columns from the mapped profile; the email counts as verified only when the connection is entitled to it. */
  function userChanges(ctx: ScimContext, mapped: MappedProfile, current: { app_metadata: string; user_metadata: string } | undefined) {
    const changes: UserRowUpdate = { ...mapped.profile, blocked: mapped.blocked ? 1 : 0 };
    if (mapped.profile.email !== undefined) {
      changes.email_normalized = mapped.profile.email?.toLowerCase() ?? null;
      changes.email_verified = entitledEmail(mapped.profile.email ?? undefined, ctx.domainAliases) ? 1 : 0;
    }
    for (const key of ['app_metadata', 'user_metadata'] as const) {
      const values = mapped[key];
      if (Object.keys(values).length === 0) continue;
      const merged = { ...parseJson<Record<string, unknown>>(current?.[key], {}) };
      for (const [name, value] of Object.entries(values)) {
        if (value === null) delete merged[name];
        else merged[name] = value;
      }
      changes[key] = JSON.stringify(merged);
    }
    return changes;
  }

  async function joinOwner(trx: Trx, actor: Actor, ctx: ScimContext, userId: string): Promise<void> {
    const organizationId = ctx.connection.organization_id;
    if (!organizationId) return;
    const member = await trx
      .selectFrom('organization_members')
      .select('user_id')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (member) return;
    await trx
      .insertInto('organization_members')
      .values({ organization_id: organizationId, user_id: userId, created_at: iso(clock.now()) })
      .execute();
    await events.record(trx, actor, { type: 'organization_member_added', organizationId, userId, connectionId: ctx.connection.id });
  }

  function connectionSubject(ctx: ScimContext) {
    return { connection: ctx.connection.name, connectionId: ctx.connection.id, strategy: ctx.connection.strategy };
  }

  async function existing(trx: Trx, connectionId: string, id: string) {
    const row = await findScimUser(trx, connectionId, id);
    if (!row) fail('inexistent_user', NOT_FOUND);
    return row;
  }

  /** A replaced resource (PUT, or PATCH applied): the user follows the mapping; a block revokes access. */
  async function write(trx: Trx, actor: Actor, ctx: ScimContext, id: string, next: ScimResource): Promise<StoredScimResource> {
    const current = await existing(trx, ctx.connection.id, id);
    const resource = normalized(next);
    const subject = subjectOf(ctx, resource);
    const clash = await findScimUserByName(trx, ctx.connection.id, resource.userName);
    if (clash && clash.id !== id) fail('user_conflict', DUPLICATE);
    const user = await findUserRow(trx, current.user_id);
    if (!user) fail('inexistent_user', NOT_FOUND);
    const now = iso(clock.now());
    const changes = userChanges(ctx, mapResource(resource, ctx.mapping), user);
    await trx
      .updateTable('users')
      .set({ ...changes, updated_at: now })
      .where('id', '=', current.user_id)
      .execute();
    await trx
      .updateTable('identities')
      .set({ provider_user_id: subject, pending_email: null })
      .where('user_id', '=', current.user_id)
      .where('connection_id', '=', ctx.connection.id)
      .execute()
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) fail('user_conflict', 'Another user of this connection has this user id attribute.');
        throw error;
      });
    await trx
      .updateTable('scim_users')
      .set({
        user_name: resource.userName,
        user_name_normalized: resource.userName.toLowerCase(),
        external_id: externalIdOf(resource),
        resource: JSON.stringify(resource),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute()
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) fail('user_conflict', DUPLICATE);
        throw error;
      });
    const wasBlocked = user.blocked === 1;
    const blocked = changes.blocked === 1;
    if (blocked && !wasBlocked) await revokeUserAccess(trx, current.user_id);
    const type: EventType = blocked === wasBlocked ? 'user_updated' : blocked ? 'user_blocked' : 'user_unblocked';
    await events.record(trx, actor, {
      type,
      ...userSubject({ id: current.user_id, email: changes.email ?? null, name: changes.name ?? null }),
      ...connectionSubject(ctx),
      details: { scim_id: id, blocked },
    });
    return toStoredUser((await findScimUser(trx, ctx.connection.id, id))!, ctx);
  }

  return {
    /** POST /Users: a new user of the connection, or the user a login of this person already made. */
    async create(actor: Actor, connectionId: string, input: ScimResource): Promise<StoredScimResource> {
      // Read before the write transaction: on SQLite it holds the one write lock while it runs.
      const ctx = await context(db, connectionId);
      const resource = normalized(input);
      const subject = subjectOf(ctx, resource);
      const mapped = mapResource(resource, ctx.mapping);
      const id = randomUUID();
      const now = iso(clock.now());
      await db.transaction().execute(async (trx) => {
        // The person signed in before SCIM knew them (JIT): the SCIM user is that user.
        let userId = await findLinked(trx, connectionId, subject);
        if (userId) {
          const user = await findUserRow(trx, userId);
          await trx
            .updateTable('users')
            .set({ ...userChanges(ctx, mapped, user), updated_at: now })
            .where('id', '=', userId)
            .execute();
        } else {
          userId = `${ctx.connection.strategy}|${ctx.connection.name}|${hexId()}`;
          const changes = userChanges(ctx, mapped, undefined);
          await insertUser(trx, { ...newUserRow({ id: userId, now, email: changes.email ?? null }), ...changes });
          await insertIdentity(trx, {
            id: prefixedId('idn'),
            user_id: userId,
            connection_id: connectionId,
            provider: ctx.connection.strategy,
            provider_user_id: subject,
            pending_email: null,
            is_social: 0,
            profile_data: '{}',
            password_hash: null,
            created_at: now,
          });
        }
        // The unique (connection, userName) index is the duplicate check: the whole creation rolls back.
        await trx
          .insertInto('scim_users')
          .values({
            id,
            connection_id: connectionId,
            user_id: userId,
            user_name: resource.userName,
            user_name_normalized: resource.userName.toLowerCase(),
            external_id: externalIdOf(resource),
            resource: JSON.stringify(resource),
            created_at: now,
            updated_at: now,
          })
          .execute()
          .catch((error: unknown) => {
            if (isUniqueViolation(error)) fail('user_conflict', DUPLICATE);
            throw error;
          });
        if (mapped.blocked) await revokeUserAccess(trx, userId);
        await events.record(trx, actor, {
          type: 'user_created',
          ...userSubject({ id: userId, email: mapped.profile.email ?? null, name: mapped.profile.name ?? null }),
          ...connectionSubject(ctx),
          details: { scim_id: id, blocked: mapped.blocked },
        });
        await joinOwner(trx, actor, ctx, userId);
      });
      return { id, resource: { ...resource, active: !mapped.blocked }, created: now, lastModified: now };
    },

    async get(connectionId: string, id: string): Promise<StoredScimResource> {
      const ctx = await context(db, connectionId);
      return toStoredUser(await existing(db, connectionId, id), ctx);
    },

    async list(connectionId: string, query: ScimListQuery): Promise<ScimListResult> {
      return listScimUsers(db, connectionId, query, await context(db, connectionId));
    },

    /** PUT /Users/{id}: the resource as sent replaces the stored one. */
    replace(actor: Actor, connectionId: string, id: string, resource: ScimResource): Promise<StoredScimResource> {
      return db.transaction().execute(async (trx) => write(trx, actor, await context(trx, connectionId), id, resource));
    },

    /** PATCH /Users/{id}: `apply` (the surface's PATCH application) turns the stored resource into the next, in the transaction. */
    patch(actor: Actor, connectionId: string, id: string, apply: (current: ScimResource) => ScimResource): Promise<StoredScimResource> {
      return db.transaction().execute(async (trx) => {
        const ctx = await context(trx, connectionId);
        const current = toStoredUser(await existing(trx, connectionId, id), ctx);
        return write(trx, actor, ctx, id, apply(current.resource));
      });
    },

    /** DELETE /Users/{id}: the user goes, with identities, memberships and roles; sessions and tokens are revoked. */
    async remove(actor: Actor, connectionId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const ctx = await context(trx, connectionId);
        const row = await existing(trx, connectionId, id);
        const user = await findUserRow(trx, row.user_id);
        await trx.deleteFrom('scim_group_members').where('scim_user_id', '=', id).execute();
        await trx.deleteFrom('scim_users').where('id', '=', id).execute();
        await trx.deleteFrom('users').where('id', '=', row.user_id).execute();
        await revokeUserAccess(trx, row.user_id);
        await events.record(trx, actor, {
          type: 'du',
          ...userSubject(user ?? { id: row.user_id }),
          ...connectionSubject(ctx),
          details: { scim_id: id },
        });
      });
    },
  };
}

export type ScimUsersService = ReturnType<typeof createScimUsersService>;
