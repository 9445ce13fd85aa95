import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../shared/clock.js';
import { admitToOrganization, type Admission } from '../sign-in/organization-admission.js';
import type { LoginConnection } from '../sign-in/login-connections.js';
import type { ProvisioningConnection } from './provisioning.types.js';

type Trx = Kysely<Database>;

// The steps every federated login (enterprise and social) takes, in DESIGN.md's order.

/** Step 1: the connection must be usable in the requested organization; an owned connection lands in its owner. */
export function organizationFor(
  connection: ProvisioningConnection,
  requested: string | undefined,
  enabledHere: boolean,
): string | undefined {
  if (connection.organizationId) {
    if (requested && requested !== connection.organizationId) {
      throw new DomainError('connection_not_enabled', 'This connection belongs to another organization and cannot be used here.');
    }
    return connection.organizationId;
  }
  if (requested && !enabledHere) {
    throw new DomainError('connection_not_enabled', 'This connection is not enabled for the organization.');
  }
  return requested;
}

/** Step 2: an identity already linked to this IdP subject. */
export async function findLinked(trx: Trx, connectionId: string, subject: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('identities')
    .select('user_id')
    .where('connection_id', '=', connectionId)
    .where('provider_user_id', '=', subject)
    .executeTakeFirst();
  return row?.user_id;
}

/**
 * A blocked user is refused however they were found, as a password sign-in is; thrown inside the
 * transaction, so a subject attached or an identity merged on the way is rolled back.
 */
export async function refuseBlocked(trx: Trx, userId: string) {
  const row = await trx.selectFrom('users').select('blocked').where('id', '=', userId).executeTakeFirst();
  if (row?.blocked === 1) throw new DomainError('user_blocked', 'This account is blocked. Contact your administrator.');
}

/**
 * Step 6: the organization membership rules for the connection used; a connection the organization
 * owns always admits to it (Kinde), as membership on login does.
 */
export async function admitAtLogin(
  trx: Trx,
  clock: Clock,
  input: { organizationId: string; userId: string; connection: { organizationId?: string }; organizationConnection?: LoginConnection },
): Promise<Admission> {
  const admitVia =
    input.connection.organizationId === input.organizationId ? { assignMembershipOnLogin: true } : input.organizationConnection;
  return admitToOrganization(trx, clock, { organizationId: input.organizationId, userId: input.userId, connection: admitVia });
}
