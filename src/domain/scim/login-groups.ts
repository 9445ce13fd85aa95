import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { EventsService } from '../events/events.service.js';
import type { AssertedIdentity, ProvisioningConnection, ProvisioningResult } from '../provisioning/provisioning.types.js';
import type { Clock } from '../shared/clock.js';
import { type SignInAttempt, userActor } from '../sign-in/sign-in-events.js';
import { alignGroupRoles, scimGroupNames } from './group-roles.js';

/**
 * Issue 14 part 5: at each enterprise login, in its transaction, the member's mapped roles follow
 * the groups the IdP asserted — together with the user's SCIM groups, so a login whose assertion
 * carries no groups never undoes what SCIM provisioned.
 */
export async function alignLoginGroups(
  trx: Kysely<Database>,
  deps: { clock: Clock; events: EventsService },
  attempt: SignInAttempt,
  input: { connection: ProvisioningConnection; profile: AssertedIdentity },
  result: ProvisioningResult,
): Promise<void> {
  const mapped = await trx
    .selectFrom('group_role_mappings')
    .select('role_id')
    .where('connection_id', '=', input.connection.id)
    .executeTakeFirst();
  if (!mapped) return;
  const scimUser = await trx.selectFrom('scim_users').select('id').where('user_id', '=', result.userId).executeTakeFirst();
  const groups = [...(input.profile.groups ?? []), ...(scimUser ? await scimGroupNames(trx, scimUser.id) : [])];
  await alignGroupRoles(trx, deps, userActor(attempt, result.userId, input.profile.email), {
    connectionId: input.connection.id,
    ownerOrganizationId: input.connection.organizationId ?? null,
    userId: result.userId,
    groups,
  });
}
