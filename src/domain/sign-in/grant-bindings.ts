import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type Clock, iso } from '../shared/clock.js';

/**
 * What oidc-provider's grants have no room for: the organization a grant was issued in (tokens
 * from it carry `org_id`) and the connection its user signed in with.
 */
export async function bindGrant(
  db: Kysely<Database>,
  clock: Clock,
  input: { grantId: string; userId: string; clientId: string; organizationId?: string; connectionId?: string },
): Promise<void> {
  const now = iso(clock.now());
  if (input.organizationId) {
    await db
      .insertInto('grant_organizations')
      .values({
        grant_id: input.grantId,
        organization_id: input.organizationId,
        user_id: input.userId,
        client_id: input.clientId,
        created_at: now,
      })
      .onConflict((oc) => oc.column('grant_id').doUpdateSet({ organization_id: input.organizationId! }))
      .execute();
  }
  if (input.connectionId) {
    await db
      .insertInto('grant_connections')
      .values({
        grant_id: input.grantId,
        connection_id: input.connectionId,
        user_id: input.userId,
        client_id: input.clientId,
        created_at: now,
      })
      .onConflict((oc) => oc.column('grant_id').doUpdateSet({ connection_id: input.connectionId! }))
      .execute();
  }
}

/** The organization of a grant, if it was issued in one. */
export async function organizationOfGrant(db: Kysely<Database>, grantId: string): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('grant_organizations as g')
    .innerJoin('organizations as o', 'o.id', 'g.organization_id')
    .select(['o.id', 'o.name'])
    .where('g.grant_id', '=', grantId)
    .executeTakeFirst();
}

/** The connection the user of one of these grants signed in with, the newest first; undefined when none is known. */
export async function connectionOfGrants(db: Kysely<Database>, grantIds: string[]): Promise<string | undefined> {
  if (grantIds.length === 0) return undefined;
  const row = await db
    .selectFrom('grant_connections')
    .select('connection_id')
    .where('grant_id', 'in', grantIds)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.connection_id;
}
