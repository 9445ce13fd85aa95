import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { ssoRequirementFor, ssoRule } from '../organization-domains/sso-enforcement.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { changedFields } from '../events/changed-fields.js';
import type { EventType } from '../events/event-types.js';
import type { UserRowUpdate } from '../../db/schema/users.table.js';
import { revokeUserAccess } from '../access/access-revocation.js';
import { fail, invalidInput, invalidQuery } from '../errors.js';
import { iso } from '../shared/clock.js';
import { hexId, prefixedId } from '../shared/ids.js';
import { int, parseJson } from '../shared/json.js';
import { pageByKey } from '../shared/keyset-page.js';
import type { PageRequest, PageResult } from '../shared/pagination.js';
import { toOrganization } from '../organizations/organizations.queries.js';
import type { Organization } from '../organizations/organizations.types.js';
import { mergeMetadata } from './metadata.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { assertPasswordAllowed, recordPasswordHistory } from './password-checks.js';
import { passwordPolicyOf, type PasswordPolicy } from './password-policy.js';
import { createIdentityOperations } from './user-identities.js';
import { createUserRoleOperations } from './user-roles.js';
import { parseUserSearch, parseUserSort } from './users.search.js';
import {
  connectionKind,
  deleteUser,
  findConflictingUser,
  findConnectionByName,
  findIdentities,
  findUserRow,
  insertIdentity,
  insertUser,
  loadUsers,
  lockConnection,
  newUserRow,
  toUser,
  updateIdentity,
  updateUser,
  userSubject,
} from './users.queries.js';
import type { User, UserInput, UserPatch } from './users.types.js';

export { hashPassword, verifyPassword };

/** Query of `GET /users`. */
export interface UserListQuery {
  q?: string;
  sort?: string;
}

const NOT_FOUND = 'The user does not exist.';

function badBody(property: string, rule: string): never {
  invalidInput(property, rule);
}

function conflict(error: unknown): never {
  if (isUniqueViolation(error)) fail('user_conflict', 'The user already exists.');
  throw error;
}

/** A patch that only blocks or unblocks is that; anything else is an update (with `blocked` in its details). */
function updateType(fields: string[], patch: UserPatch): EventType {
  if (fields.length === 1 && fields[0] === 'blocked') return patch.blocked ? 'user_blocked' : 'user_unblocked';
  return 'user_updated';
}

/** Users and their identities: create (database or enterprise pre-provisioning), read, search, update, delete. */
export function createUsersService(deps: ServiceDeps) {
  const { db, clock, events } = deps;

  async function load(trx: Kysely<Database>, id: string): Promise<User> {
    const row = await findUserRow(trx, id);
    if (!row) fail('inexistent_user', NOT_FOUND);
    return toUser(row, await findIdentities(trx, [id]));
  }

  /**
   * A new password for an existing user, against its database connection's policy (profile fields
   * of the same patch count as the user's). Runs before hashing, outside the write's transaction.
   */
  async function checkNewPassword(id: string, patch: UserPatch): Promise<{ policy: PasswordPolicy } | undefined> {
    const current = await load(db, id);
    const database = (await findIdentities(db, [id])).find((i) => connectionKind(i.provider) === 'database');
    if (!database) return undefined;
    const connection = await db
      .selectFrom('connections')
      .select('options')
      .where('id', '=', database.connection_id)
      .executeTakeFirstOrThrow();
    const policy = passwordPolicyOf(parseJson<Record<string, unknown>>(connection.options, {}));
    const personal = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    await assertPasswordAllowed(db, { policy, password: patch.password!, personal, identityId: database.id });
    return { policy };
  }

  return {
    /** The user with its identities; 404 inexistent_user when absent. */
    get: (userId: string): Promise<User> => load(db, userId),

    /** Every user with this email, ignoring case (one per connection at most, but several overall). */
    async findByEmail(email: string): Promise<User[]> {
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .where('email_normalized', '=', email.toLowerCase())
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return loadUsers(db, rows);
    },

    /**
     * Creates a user and records `user_created`, or, when `recordInstead` is given, lets the caller
     * record the change's one event in the creation's transaction (a sign-up's `ss`).
     */
    async create(
      actor: Actor,
      input: UserInput,
      recordInstead?: (trx: Transaction<Database>, user: { id: string }) => Promise<void>,
    ): Promise<User> {
      const connection = await findConnectionByName(db, input.connection);
      if (!connection) badBody('connection', 'Connection does not exist');
      const kind = connectionKind(connection.strategy);
      if (kind === 'social') {
        fail('operation_not_supported', `Users of the ${connection.strategy} connection are created when they sign in.`);
      }
      if (input.email === undefined) badBody('email', 'Missing required property: email');
      if (kind === 'database' && input.password === undefined) badBody('password', 'Missing required property: password');
      if (kind === 'enterprise' && input.password !== undefined) badBody('password', 'Passwords are only allowed on database connections');
      if (kind === 'enterprise' && input.username !== undefined) badBody('username', 'Usernames are only allowed on database connections');

      const email = input.email.toLowerCase();
      if (kind === 'database') {
        const sso = await ssoRequirementFor(db, email);
        if (sso) badBody('email', ssoRule(sso, 'have a password'));
      }
      const policy = passwordPolicyOf(parseJson<Record<string, unknown>>(connection.options, {}));
      if (input.password !== undefined) await assertPasswordAllowed(db, { policy, password: input.password, personal: input });
      const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
      const subject = input.user_id ?? (kind === 'database' ? hexId() : null);
      // Auth0's ids: `auth0|<24 hex>`; enterprise `<strategy>|<connection>|<subject>`, with a random
      // stand-in while the subject is unknown (pre-provisioned by email; the id never changes later).
      const id = kind === 'database' ? `auth0|${subject}` : `${connection.strategy}|${connection.name}|${subject ?? hexId()}`;
      const now = iso(clock.now());

      await db.transaction().execute(async (trx) => {
        await lockConnection(trx, connection.id);
        if (await findConflictingUser(trx, connection.id, { email, username: input.username }))
          fail('user_conflict', 'The user already exists.');
        const row = newUserRow({
          id,
          now,
          email: input.email ?? null,
          email_verified: int(input.email_verified ?? false),
          username: input.username ?? null,
          phone_number: input.phone_number ?? null,
          name: input.name ?? null,
          given_name: input.given_name ?? null,
          family_name: input.family_name ?? null,
          nickname: input.nickname ?? null,
          picture: input.picture ?? null,
          user_metadata: JSON.stringify(mergeMetadata('user_metadata', {}, input.user_metadata)),
          app_metadata: JSON.stringify(mergeMetadata('app_metadata', {}, input.app_metadata)),
          blocked: int(input.blocked ?? false),
        });
        await insertUser(trx, row).catch(conflict);
        const identityId = prefixedId('idn');
        await insertIdentity(trx, {
          id: identityId,
          user_id: id,
          connection_id: connection.id,
          provider: connection.strategy,
          provider_user_id: subject,
          pending_email: subject === null ? email : null,
          is_social: 0,
          profile_data: '{}',
          password_hash: passwordHash,
          created_at: now,
        }).catch(conflict);
        if (passwordHash) await recordPasswordHistory(trx, { policy, identityId, passwordHash, now });
        if (recordInstead) await recordInstead(trx, { id });
        else {
          await events.record(trx, actor, {
            type: 'user_created',
            ...userSubject({ id, ...input }),
            connection: connection.name,
            connectionId: connection.id,
            strategy: connection.strategy,
            details: { fields: changedFields(input) },
          });
        }
      });
      return load(db, id);
    },

    /** Offset or checkpoint paging over an optional search; checkpoint paging orders by user_id. */
    async list(page: PageRequest, query: UserListQuery): Promise<PageResult<User>> {
      const where = parseUserSearch(query.q);
      let base = db.selectFrom('users');
      if (where) base = base.where(where);
      let selected = base.selectAll();
      if (page.kind === 'checkpoint') {
        if (query.sort !== undefined) invalidQuery('sort', 'sort cannot be combined with from/take');
      } else {
        const sort = parseUserSort(query.sort);
        // Nulls last on both dialects (SQLite puts them first, PostgreSQL last, by default); pageByKey adds id last.
        selected = selected.orderBy((eb) => eb(sort.column, 'is', null)).orderBy(sort.column, sort.direction);
      }
      return pageByKey({ page, query: selected, key: 'id', keyOf: (row) => row.id, toItems: (rows) => loadUsers(db, rows) });
    },

    async update(actor: Actor, id: string, patch: UserPatch): Promise<User> {
      const passwordChange = patch.password === undefined ? undefined : await checkNewPassword(id, patch);
      const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
      return db.transaction().execute(async (trx) => {
        const current = await load(trx, id);
        const identities = await findIdentities(trx, [id]);
        const email = patch.email === undefined || patch.email === null ? patch.email : patch.email.toLowerCase();
        const emailChanged = email !== undefined && email !== (current.email?.toLowerCase() ?? null);
        const usernameChanged = patch.username !== undefined && patch.username !== (current.username ?? null);
        if (emailChanged || usernameChanged) {
          for (const connectionId of new Set(identities.map((i) => i.connection_id))) {
            await lockConnection(trx, connectionId);
            const match = {
              email: emailChanged ? (email ?? undefined) : undefined,
              username: usernameChanged ? (patch.username ?? undefined) : undefined,
            };
            if (await findConflictingUser(trx, connectionId, match, id)) fail('user_conflict', 'The user already exists.');
          }
        }
        // Where an organization requires SSO, a password or social sign-in can be neither kept under a
        // new email in its domains nor given by a new password; break-glass accounts excepted.
        const signsInWithoutSso = identities.some((i) => connectionKind(i.provider) !== 'enterprise');
        if (emailChanged && email && signsInWithoutSso) {
          const sso = await ssoRequirementFor(trx, email, id);
          if (sso) badBody('email', ssoRule(sso, 'sign in with a password or a social account'));
        }
        if (passwordHash !== undefined) {
          const sso = await ssoRequirementFor(trx, emailChanged ? (email ?? undefined) : current.email, id);
          if (sso) badBody('password', ssoRule(sso, 'have a password'));
        }
        const now = iso(clock.now());
        const changes: UserRowUpdate = { updated_at: now };
        if (patch.email !== undefined) {
          changes.email = patch.email;
          changes.email_normalized = email ?? null;
          // Auth0: a new email is unverified unless the same request says otherwise.
          if (emailChanged && patch.email_verified === undefined) changes.email_verified = 0;
          // Links mailed to the old address must not verify (or reset) the new one.
          if (emailChanged) await trx.deleteFrom('email_tickets').where('user_id', '=', id).execute();
        }
        if (patch.email_verified !== undefined) changes.email_verified = int(patch.email_verified);
        if (patch.blocked !== undefined) changes.blocked = int(patch.blocked);
        for (const key of ['username', 'phone_number', 'name', 'given_name', 'family_name', 'nickname', 'picture'] as const) {
          if (patch[key] !== undefined) changes[key] = patch[key];
        }
        if (patch.user_metadata !== undefined)
          changes.user_metadata = JSON.stringify(mergeMetadata('user_metadata', current.user_metadata, patch.user_metadata));
        if (patch.app_metadata !== undefined)
          changes.app_metadata = JSON.stringify(mergeMetadata('app_metadata', current.app_metadata, patch.app_metadata));
        if (passwordHash !== undefined) {
          const database = identities.find((i) => connectionKind(i.provider) === 'database');
          if (!database) badBody('password', 'Passwords can only be set on users with a database identity');
          await updateIdentity(trx, database.id, { password_hash: passwordHash });
          if (passwordChange)
            await recordPasswordHistory(trx, { policy: passwordChange.policy, identityId: database.id, passwordHash, now });
        }
        await updateUser(trx, id, changes).catch(conflict);
        // A block or a new password ends every session and refresh token of the user.
        if (patch.blocked === true || passwordHash !== undefined) await revokeUserAccess(trx, id);
        const updated = await load(trx, id);
        const fields = changedFields(patch);
        await events.record(trx, actor, {
          type: updateType(fields, patch),
          ...userSubject({ id, email: updated.email, username: updated.username, name: updated.name }),
          details: { changed: fields, ...(patch.blocked !== undefined ? { blocked: patch.blocked } : {}) },
        });
        return updated;
      });
    },

    async remove(actor: Actor, id: string): Promise<void> {
      // Identities, memberships and role assignments go with the user (ON DELETE CASCADE); sessions,
      // grants and tokens are revoked in the same transaction.
      await db.transaction().execute(async (trx) => {
        const row = await findUserRow(trx, id);
        if (!row || !(await deleteUser(trx, id))) fail('inexistent_user', NOT_FOUND);
        await revokeUserAccess(trx, id);
        await events.record(trx, actor, { type: 'du', ...userSubject(row) });
      });
    },

    /** Organizations the user is a member of, by organization id. */
    async listOrganizations(userId: string, page: PageRequest): Promise<PageResult<Organization>> {
      if (!(await findUserRow(db, userId))) fail('inexistent_user', NOT_FOUND);
      const base = db
        .selectFrom('organization_members')
        .innerJoin('organizations', 'organizations.id', 'organization_members.organization_id')
        .where('organization_members.user_id', '=', userId);
      return pageByKey({
        page,
        query: base.selectAll('organizations'),
        key: 'organizations.id',
        keyOf: (row) => row.id,
        toItems: (rows) => rows.map(toOrganization),
      });
    },

    ...createIdentityOperations(deps, load),
    ...createUserRoleOperations(deps),
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
