import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { DomainError } from '../errors.js';
import { type Clock, iso } from '../shared/clock.js';
import { bool, parseJson } from '../shared/json.js';
import type { LoginConnection } from './login-connections.js';

/** Why a user was admitted to an organization at login. */
export type Admission = 'member' | 'membership_on_login' | 'allowed_domain' | 'self_join';

function emailDomain(email: string | null | undefined): string | undefined {
  const at = email?.lastIndexOf('@') ?? -1;
  return at > 0 ? email!.slice(at + 1).toLowerCase() : undefined;
}

/**
 * DESIGN.md "Provisioning rules" step 6: member already → ok; else membership on authentication for
 * the connection used; else the allowed-domain auto-add policy; else self-join. Where the organization
 * lists allowed domains, every automatic path also needs a verified email in one of them (when both the
 * connection restriction and the allowed-domain policy apply, both must pass). Adds the membership in
 * the caller's transaction.
 */
export async function admitToOrganization(
  trx: Kysely<Database>,
  clock: Clock,
  input: { organizationId: string; userId: string; connection: Pick<LoginConnection, 'assignMembershipOnLogin'> | undefined },
): Promise<Admission> {
  const member = await trx
    .selectFrom('organization_members')
    .select('user_id')
    .where('organization_id', '=', input.organizationId)
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  if (member) return 'member';

  const org = await trx.selectFrom('organizations').selectAll().where('id', '=', input.organizationId).executeTakeFirstOrThrow();
  const user = await trx.selectFrom('users').select(['email', 'email_verified']).where('id', '=', input.userId).executeTakeFirstOrThrow();
  const allowed = parseJson<string[]>(org.allowed_domains, []);
  const domain = emailDomain(user.email);
  const domainOk = user.email_verified === 1 && domain !== undefined && allowed.includes(domain);
  const domainGate = allowed.length === 0 || domainOk;

  let admission: Admission | undefined;
  if (input.connection?.assignMembershipOnLogin && domainGate) admission = 'membership_on_login';
  else if (bool(org.is_auto_join_domain_list) && domainOk) admission = 'allowed_domain';
  else if (bool(org.is_auto_membership_enabled) && domainGate) admission = 'self_join';

  if (!admission) {
    throw new DomainError('not_a_member', `user ${input.userId} is not part of the ${org.id} organization`);
  }
  await trx
    .insertInto('organization_members')
    .values({ organization_id: org.id, user_id: input.userId, created_at: iso(clock.now()) })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return admission;
}
