import { newUserRow } from '../users/users.queries.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { DomainError } from '../errors.js';
import { type Clock, iso } from '../shared/clock.js';
import { hexId, prefixedId } from '../shared/ids.js';
import type { LoginConnection } from '../sign-in/login-connections.js';
import { admitAtLogin, findLinked, organizationFor, refuseBlocked } from './login-steps.js';
import type { ProvisioningConnection, ProvisioningResult, RecordProvisioning } from './provisioning.types.js';

type Trx = Kysely<Database>;

/** What a social provider (Google, GitHub) said about the person, after the protocol layer verified it. */
export interface SocialProfile {
  subject: string;
  email?: string;
  /** The provider vouches for the address (Google's email_verified; GitHub's verified primary email). */
  emailVerified: boolean;
  name?: string;
  givenName?: string;
  familyName?: string;
  nickname?: string;
  picture?: string;
}

/**
 * Auth0's social user id is `<strategy>|<provider's id>` (`google-oauth2|1099…`, `github|583231`). A
 * second connection of the same strategy may hold the same provider id for another user; that one
 * gets `<strategy>|<connection>|<random>`, the form enterprise users have.
 */
async function newUserId(trx: Trx, connection: ProvisioningConnection, subject: string): Promise<string> {
  const preferred = `${connection.strategy}|${subject}`;
  const taken = await trx.selectFrom('users').select('id').where('id', '=', preferred).executeTakeFirst();
  return taken ? `${connection.strategy}|${connection.name}|${hexId()}` : preferred;
}

async function createUser(trx: Trx, connection: ProvisioningConnection, profile: SocialProfile, now: string): Promise<string> {
  const id = await newUserId(trx, connection, profile.subject);
  await trx.insertInto('users').values(newUserRow({ id, now })).execute();
  await trx
    .insertInto('identities')
    .values({
      id: prefixedId('idn'),
      user_id: id,
      connection_id: connection.id,
      provider: connection.strategy,
      provider_user_id: profile.subject,
      pending_email: null,
      is_social: 1,
      profile_data: '{}',
      password_hash: null,
      created_at: now,
    })
    .execute();
  return id;
}

/**
 * The provider's profile wins on every login, as Auth0 refreshes a social profile; its email is
 * verified only when the provider says so. The login is counted when it completes.
 */
async function applyProfile(trx: Trx, userId: string, profile: SocialProfile, now: string) {
  const changes: Record<string, unknown> = { updated_at: now };
  if (profile.email) {
    changes.email = profile.email;
    changes.email_normalized = profile.email.toLowerCase();
    changes.email_verified = profile.emailVerified ? 1 : 0;
  }
  if (profile.name) changes.name = profile.name;
  if (profile.givenName) changes.given_name = profile.givenName;
  if (profile.familyName) changes.family_name = profile.familyName;
  if (profile.nickname) changes.nickname = profile.nickname;
  if (profile.picture) changes.picture = profile.picture;
  await trx.updateTable('users').set(changes).where('id', '=', userId).execute();
}

/**
 * A Google or GitHub login, in one transaction: usable connection → the identity of this provider
 * subject → else a new user (when the connection's is_create_missing_user allows; it does by
 * default) → a blocked user is refused → the organization membership rules.
 *
 * As in Auth0 without account linking, a social login never joins an existing user by email: a
 * database or enterprise user with the same address stays a separate user (an administrator links
 * them with `POST /api/v2/users/{id}/identities`). So a social identity never merges into an
 * enterprise user, and nobody takes over an account by controlling an address at a provider.
 */
export async function provisionSocialLogin(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    connection: ProvisioningConnection;
    profile: SocialProfile;
    requestedOrganizationId?: string;
    /** The connection's settings in the requested organization (undefined when not enabled there). */
    organizationConnection?: LoginConnection;
    /** An invitation is being accepted: the caller admits the user by it (its email check and roles), not the membership rules here. */
    admitByInvitation?: boolean;
    /** Records the login's changes (events) in its transaction. */
    record?: RecordProvisioning;
  },
): Promise<ProvisioningResult> {
  const { connection, profile } = input;
  const organizationId = organizationFor(connection, input.requestedOrganizationId, input.organizationConnection !== undefined);
  return db.transaction().execute(async (trx) => {
    const now = iso(clock.now());
    let userId = await findLinked(trx, connection.id, profile.subject);
    const path = userId ? 'existing_identity' : 'jit_created';
    if (!userId) {
      if (!connection.createMissingUser) throw new DomainError('account_not_found', "We can't find your account.");
      userId = await createUser(trx, connection, profile, now);
    }
    await refuseBlocked(trx, userId);
    await applyProfile(trx, userId, profile, now);
    const admission =
      organizationId && !input.admitByInvitation
        ? await admitAtLogin(trx, clock, { organizationId, userId, connection, organizationConnection: input.organizationConnection })
        : undefined;
    const result: ProvisioningResult = { userId, path, organizationId, ...(admission ? { admission } : {}) };
    await input.record?.(trx, result);
    return result;
  });
}
