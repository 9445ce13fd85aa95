import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { iso, type Clock } from '../../domain/shared/clock.js';

const MODEL = 'SamlAssertion';

/**
 * Records an assertion id as used until `expiresAt`; returns false when it was already recorded.
 * One INSERT … ON CONFLICT DO NOTHING, so two nodes racing on the same assertion cannot both win.
 */
export async function consumeAssertionId(
  db: Kysely<Database>,
  clock: Clock,
  key: { connectionId: string; assertionId: string },
  expiresAt: Date,
): Promise<boolean> {
  const id = `${key.connectionId}:${key.assertionId}`;
  // An expired leftover (not yet swept) must not block: its assertion can no longer pass the time checks anyway.
  await db
    .deleteFrom('oidc_payloads')
    .where('model', '=', MODEL)
    .where('id', '=', id)
    .where('expires_at', '<=', iso(clock.now()))
    .execute();
  const result = await db
    .insertInto('oidc_payloads')
    .values({
      model: MODEL,
      id,
      payload: '{}',
      grant_id: null,
      user_code: null,
      uid: null,
      expires_at: iso(expiresAt),
      consumed_at: null,
    })
    .onConflict((oc) => oc.columns(['model', 'id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}
