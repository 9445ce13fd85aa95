import { newUserRow } from '../users/users.queries.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { DomainError } from '../errors.js';
import { type Clock, iso } from '../shared/clock.js';
import { hexId, prefixedId } from '../shared/ids.js';
import type { LoginConnection } from '../sign-in/login-connections.js';
import { entitledEmail } from './email-entitlement.js';
import { admitAtLogin, findLinked, organizationFor, refuseBlocked } from './login-steps.js';
import { ENTERPRISE_STRATEGIES } from '../connections/connections.types.js';
import type {
  AssertedIdentity,
  ProvisioningConnection,
  ProvisioningPath,
  ProvisioningResult,
  RecordProvisioning,
} from './provisioning.types.js';

type Trx = Kysely<Database>;

/** Step 3: a user pre-provisioned on this connection by email; the first login attaches the subject. */
async function claimPreProvisioned(trx: Trx, connectionId: string, email: string, subject: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('identities')
    .select(['id', 'user_id'])
    .where('connection_id', '=', connectionId)
    .where('provider_user_id', 'is', null)
    .where('pending_email', '=', email)
    .orderBy('created_at')
    .executeTakeFirst();
  if (!row) return undefined;
  await trx.updateTable('identities').set({ provider_user_id: subject, pending_email: null }).where('id', '=', row.id).execute();
  return row.user_id;
}

/**
 * Step 4: trust-email merge. The enterprise identity replaces the user's other identities (an
 * enterprise user holds only its enterprise identity); the IdP's profile wins (applied by the caller).
 */
async function mergeTrustedEmail(
  trx: Trx,
  connection: ProvisioningConnection,
  email: string,
  subject: string,
  now: string,
): Promise<string | undefined> {
  // Never another enterprise user: the same person through two enterprise connections is two users.
  const user = await trx
    .selectFrom('users')
    .select('id')
    .where('email_normalized', '=', email)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('identities')
            .select('id')
            .whereRef('identities.user_id', '=', 'users.id')
            .where('identities.provider', 'in', [...ENTERPRISE_STRATEGIES]),
        ),
      ),
    )
    .orderBy('created_at')
    .executeTakeFirst();
  if (!user) return undefined;
  await trx.deleteFrom('identities').where('user_id', '=', user.id).execute();
  await insertIdentity(trx, user.id, connection, subject, now);
  return user.id;
}

async function insertIdentity(trx: Trx, userId: string, connection: ProvisioningConnection, subject: string, now: string) {
  await trx
    .insertInto('identities')
    .values({
      id: prefixedId('idn'),
      user_id: userId,
      connection_id: connection.id,
      provider: connection.strategy,
      provider_user_id: subject,
      pending_email: null,
      is_social: 0,
      profile_data: '{}',
      password_hash: null,
      created_at: now,
    })
    .execute();
}

/** Step 5: JIT creation when the connection allows it. */
async function createUser(trx: Trx, connection: ProvisioningConnection, profile: AssertedIdentity, now: string): Promise<string> {
  const id = `${connection.strategy}|${connection.name}|${hexId()}`;
  await trx
    .insertInto('users')
    .values(newUserRow({ id, email: profile.email ?? null, now }))
    .execute();
  await insertIdentity(trx, id, connection, profile.subject, now);
  return id;
}

/** The IdP's profile wins on every login; the email counts as verified only when entitled. The login is counted when it completes. */
async function applyProfile(trx: Trx, userId: string, profile: AssertedIdentity, entitled: string | undefined, now: string) {
  const changes: Record<string, unknown> = { updated_at: now };
  if (profile.email) {
    changes.email = profile.email;
    changes.email_normalized = profile.email.toLowerCase();
    changes.email_verified = entitled ? 1 : 0;
  }
  if (profile.name) changes.name = profile.name;
  if (profile.givenName) changes.given_name = profile.givenName;
  if (profile.familyName) changes.family_name = profile.familyName;
  await trx.updateTable('users').set(changes).where('id', '=', userId).execute();
}

/**
 * DESIGN.md "Provisioning rules", all in one transaction: usable connection → linked identity →
 * pre-provisioned by email → trust-email merge → JIT → "We can't find your account"; a blocked user
 * is refused; then the organization membership rules. Email matching applies only to entitled domains.
 */
export async function provisionEnterpriseLogin(
  db: Kysely<Database>,
  clock: Clock,
  input: {
    connection: ProvisioningConnection;
    profile: AssertedIdentity;
    requestedOrganizationId?: string;
    /** The connection's settings in the requested organization (undefined when not enabled there). */
    organizationConnection?: LoginConnection;
    /** An invitation is being accepted: the caller admits the user by it (its email check and roles), not the membership rules here. */
    admitByInvitation?: boolean;
    /** Domains verified by the organizations this connection serves here: they entitle it as its domain_aliases do. */
    verifiedDomains?: string[];
    /** Records the login's changes (events) in its transaction. */
    record?: RecordProvisioning;
  },
): Promise<ProvisioningResult> {
  const { connection, profile } = input;
  const organizationId = organizationFor(connection, input.requestedOrganizationId, input.organizationConnection !== undefined);
  const entitled = entitledEmail(profile.email, connection.domainAliases, input.verifiedDomains);
  return db.transaction().execute(async (trx) => {
    const now = iso(clock.now());
    let path: ProvisioningPath = 'existing_identity';
    let userId = await findLinked(trx, connection.id, profile.subject);
    if (!userId && entitled) {
      userId = await claimPreProvisioned(trx, connection.id, entitled, profile.subject);
      path = 'pre_provisioned';
      if (!userId && connection.trustEmail) {
        userId = await mergeTrustedEmail(trx, connection, entitled, profile.subject, now);
        path = 'trusted_email_merge';
      }
    }
    if (!userId) {
      if (!connection.createMissingUser) {
        throw new DomainError('account_not_found', "We can't find your account.");
      }
      userId = await createUser(trx, connection, profile, now);
      path = 'jit_created';
    }
    await refuseBlocked(trx, userId);
    await applyProfile(trx, userId, profile, entitled, now);
    const admission =
      organizationId && !input.admitByInvitation
        ? await admitAtLogin(trx, clock, { organizationId, userId, connection, organizationConnection: input.organizationConnection })
        : undefined;
    const result: ProvisioningResult = { userId, path, organizationId, ...(admission ? { admission } : {}) };
    await input.record?.(trx, result);
    return result;
  });
}
