import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { int, parseJson } from '../shared/json.js';
import {
  connectionKind,
  deleteIdentities,
  deleteUser,
  findConflictingUser,
  findConnectionById,
  findIdentities,
  insertIdentity,
  insertUser,
  lockConnection,
  moveIdentities,
  newUserRow,
  primaryIdentity,
  updateIdentity,
  updateUser,
  userSubject,
} from './users.queries.js';
import type { IdentityRequest, User, UserIdentity } from './users.types.js';
import { ssoRequirementFor, ssoRule } from '../organization-domains/sso-enforcement.js';

type Load = (db: Kysely<Database>, id: string) => Promise<User>;

const PROFILE_KEYS = [
  'email',
  'email_verified',
  'username',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'nickname',
  'picture',
] as const;

function badBody(property: string, rule: string): never {
  invalidInput(property, rule);
}

/**
 * Identity operations on `/users/{id}/identities`: Auth0's account linking and unlinking, and
 * Kinde's enterprise identity assignment (pre-provisioning by email). Kinde's rule holds throughout:
 * a user managed by an enterprise connection has only that enterprise identity.
 */
export function createIdentityOperations({ db, clock, events }: ServiceDeps, load: Load) {
  /** Kinde: the user keeps only an enterprise identity on the connection, pending until first login. */
  async function assignEnterpriseIdentity(actor: Actor, userId: string, request: IdentityRequest): Promise<UserIdentity[]> {
    if (request.provider !== undefined || request.user_id !== undefined)
      badBody('provider', 'provider and user_id are not allowed with type enterprise');
    if (request.connection_id === undefined) badBody('connection_id', 'Missing required property: connection_id');
    const connection = await findConnectionById(db, request.connection_id);
    if (!connection) badBody('connection_id', 'Connection does not exist');
    if (connectionKind(connection.strategy) !== 'enterprise') badBody('connection_id', 'Connection must be an enterprise connection');
    return db.transaction().execute(async (trx) => {
      const user = await load(trx, userId);
      const email = (request.email ?? user.email)?.toLowerCase();
      if (email === undefined) badBody('email', 'Missing required property: email');
      await lockConnection(trx, connection.id);
      if (await findConflictingUser(trx, connection.id, { email }, userId)) {
        fail('identity_conflict', 'An identity on this connection is already assigned to another user with this email.');
      }
      const identities = await findIdentities(trx, [userId]);
      const existing = identities.find((i) => i.connection_id === connection.id);
      const now = iso(clock.now());
      if (existing) {
        // An identity already used at login keeps its subject; a pending one gets the new email.
        if (existing.provider_user_id === null) await updateIdentity(trx, existing.id, { pending_email: email });
      } else {
        await insertIdentity(trx, {
          id: prefixedId('idn'),
          user_id: userId,
          connection_id: connection.id,
          provider: connection.strategy,
          provider_user_id: null,
          pending_email: email,
          is_social: 0,
          profile_data: '{}',
          password_hash: null,
          created_at: now,
        });
      }
      const others = identities.filter((i) => i !== existing);
      await deleteIdentities(
        trx,
        others.map((i) => i.id),
      );
      await updateUser(trx, userId, { updated_at: now });
      await events.record(trx, actor, {
        type: 'user_identity_linked',
        ...userSubject({ id: userId, ...user }),
        connection: connection.name,
        connectionId: connection.id,
        strategy: connection.strategy,
        details: { type: 'enterprise', removed_identities: others.map((i) => ({ provider: i.provider, connection: i.connection_name })) },
      });
      return (await load(trx, userId)).identities;
    });
  }

  /** Auth0: the secondary user's identities move into the primary user; the secondary user is deleted. */
  async function link(actor: Actor, primaryId: string, request: IdentityRequest): Promise<UserIdentity[]> {
    if (request.provider === undefined) badBody('provider', 'Missing required property: provider');
    if (request.user_id === undefined) badBody('user_id', 'Missing required property: user_id');
    const provider = request.provider;
    const prefixed = String(request.user_id);
    const subject = prefixed.startsWith(`${provider}|`) ? prefixed.slice(provider.length + 1) : prefixed;
    return db.transaction().execute(async (trx) => {
      const primary = await load(trx, primaryId);
      let query = trx
        .selectFrom('identities')
        .select(['id', 'user_id'])
        .where('provider', '=', provider)
        .where('provider_user_id', '=', subject);
      if (request.connection_id !== undefined) query = query.where('connection_id', '=', request.connection_id);
      const matches = await query.execute();
      if (matches.length === 0) fail('inexistent_identity', 'The secondary account does not exist.');
      if (matches.length > 1) badBody('connection_id', 'More than one account matches; connection_id is required');
      const secondaryId = matches[0].user_id;
      if (secondaryId === primaryId) fail('invalid_request', 'Main identity and the new one are the same.');
      const secondary = await load(trx, secondaryId);
      const [primaryIdentities, secondaryIdentities] = await Promise.all([
        findIdentities(trx, [primaryId]),
        findIdentities(trx, [secondaryId]),
      ]);
      if ([...primaryIdentities, ...secondaryIdentities].some((i) => connectionKind(i.provider) === 'enterprise')) {
        fail('operation_not_supported', 'A user managed by an enterprise connection can only have that enterprise identity.');
      }
      // Linking gives the one account the other's sign-in (a password, a social login): not where an
      // organization requires SSO for either account's email, break-glass accounts excepted.
      for (const user of [primary, secondary]) {
        const sso = await ssoRequirementFor(trx, user.email, user.user_id);
        if (sso) badBody('user_id', ssoRule(sso, 'be linked to another account'));
      }
      const taken = secondaryIdentities.find((s) => primaryIdentities.some((p) => p.connection_id === s.connection_id));
      if (taken) fail('identity_conflict', `The user already has an identity on connection ${taken.connection_name}.`);
      // Auth0 keeps the secondary profile as the moved identity's profileData; its metadata is not merged.
      const profile: Record<string, unknown> = {};
      for (const key of PROFILE_KEYS) if (secondary[key] !== undefined) profile[key] = secondary[key];
      const now = iso(clock.now());
      await moveIdentities(trx, secondaryId, { user_id: primaryId, profile_data: JSON.stringify(profile), created_at: now });
      await deleteUser(trx, secondaryId);
      await updateUser(trx, primaryId, { updated_at: now });
      const moved = secondaryIdentities.find((i) => i.id === matches[0].id)!;
      await events.record(trx, actor, {
        type: 'user_identity_linked',
        ...userSubject({ id: primaryId, ...primary }),
        connection: moved.connection_name,
        connectionId: moved.connection_id,
        strategy: moved.provider,
        details: { provider, user_id: subject, secondary_user_id: secondaryId },
      });
      return (await load(trx, primaryId)).identities;
    });
  }

  return {
    /** `POST /users/{id}/identities`: `type: "enterprise"` assigns (Kinde); otherwise links (Auth0). */
    async addIdentity(actor: Actor, userId: string, request: IdentityRequest): Promise<UserIdentity[]> {
      if (request.link_with !== undefined)
        fail('operation_not_supported', 'Linking with link_with is not supported; send provider and user_id.');
      if (request.type === 'enterprise') return assignEnterpriseIdentity(actor, userId, request);
      if (request.email !== undefined) badBody('email', 'email is only allowed with type enterprise');
      return link(actor, userId, request);
    },

    /**
     * Auth0's unlink: the identity leaves the user and becomes a user of its own (`<provider>|<subject>`,
     * profile from its profileData). The primary identity cannot be unlinked. Returns what remains.
     */
    async unlink(actor: Actor, userId: string, provider: string, subject: string): Promise<UserIdentity[]> {
      return db.transaction().execute(async (trx) => {
        const user = await load(trx, userId);
        const identities = await findIdentities(trx, [userId]);
        const target = identities.find((i) => i.provider === provider && i.provider_user_id === subject);
        if (!target) fail('inexistent_identity', 'The user has no identity with that provider and user_id.');
        if (target === primaryIdentity(userId, identities)) fail('operation_not_supported', 'The primary identity cannot be unlinked.');
        const profile = parseJson<Record<string, unknown>>(target.profile_data, {});
        const text = (key: string) => (typeof profile[key] === 'string' ? (profile[key] as string) : null);
        const now = iso(clock.now());
        const newId = `${provider}|${subject}`;
        const row = newUserRow({
          id: newId,
          now,
          email: text('email'),
          email_verified: int(profile.email_verified === true),
          username: text('username'),
          phone_number: text('phone_number'),
          name: text('name'),
          given_name: text('given_name'),
          family_name: text('family_name'),
          nickname: text('nickname'),
          picture: text('picture'),
        });
        await insertUser(trx, row).catch((error: unknown) => {
          if (isUniqueViolation(error)) fail('user_conflict', `A user with id ${newId} already exists.`);
          throw error;
        });
        await updateIdentity(trx, target.id, { user_id: newId, profile_data: '{}' });
        await updateUser(trx, userId, { updated_at: now });
        await events.record(trx, actor, {
          type: 'user_identity_unlinked',
          ...userSubject({ id: userId, ...user }),
          connection: target.connection_name,
          connectionId: target.connection_id,
          strategy: target.provider,
          details: { provider, user_id: subject, new_user_id: newId },
        });
        return (await load(trx, userId)).identities;
      });
    },
  };
}
