import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type Clock, iso } from '../shared/clock.js';

/** Records the organization a grant was issued in; tokens from the grant carry it as `org_id`. */
export async function bindGrantToOrganization(db: Kysely<Database>, clock: Clock,
  input: { grantId: string; organizationId: string; userId: string; clientId: string }): Promise<void> {
  await db.insertInto('grant_organizations').values({
    grant_id: input.grantId, organization_id: input.organizationId, user_id: input.userId, client_id: input.clientId, created_at: iso(clock.now()),
  }).onConflict((oc) => oc.column('grant_id').doUpdateSet({ organization_id: input.organizationId })).execute();
}

/** The organization of a grant, if it was issued in one. */
export async function organizationOfGrant(db: Kysely<Database>, grantId: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('grant_organizations as g').innerJoin('organizations as o', 'o.id', 'g.organization_id')
    .select(['o.id', 'o.name']).where('g.grant_id', '=', grantId).executeTakeFirst();
}
