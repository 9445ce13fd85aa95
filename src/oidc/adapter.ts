import type { Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '../db/database.js';
import type { Clock } from '../domain/shared/clock.js';
import { iso } from '../domain/shared/clock.js';

/**
 * oidc-provider state in one table keyed by (model, id), as Logto does. Every node reads and
 * writes the same rows, so a flow started on one process can finish on another.
 */
export function createPayloadAdapter(db: Kysely<Database>, clock: Clock, model: string): Adapter {
  async function findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
    // No stored id holds U+0000, and PostgreSQL refuses it in a text comparison (a 500): a code,
    // token or uid sent with one is simply not found.
    if (value.includes('\u0000')) return undefined;
    const row = await db
      .selectFrom('oidc_payloads')
      .select(['payload', 'expires_at', 'consumed_at'])
      .where('model', '=', model)
      .where(column, '=', value)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.expires_at !== null && row.expires_at <= iso(clock.now())) return undefined;
    const payload = JSON.parse(row.payload) as AdapterPayload;
    if (row.consumed_at !== null) payload.consumed = Math.floor(Date.parse(row.consumed_at) / 1000);
    return payload;
  }

  return {
    async upsert(id, payload, expiresIn) {
      const row = {
        model,
        id,
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? null,
        account_id: payload.accountId ?? null,
        user_code: payload.userCode ?? null,
        uid: payload.uid ?? null,
        expires_at: expiresIn ? iso(new Date(clock.now().getTime() + expiresIn * 1000)) : null,
        consumed_at: null,
      };
      await db
        .insertInto('oidc_payloads')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['model', 'id']).doUpdateSet({
            payload: row.payload,
            grant_id: row.grant_id,
            account_id: row.account_id,
            user_code: row.user_code,
            uid: row.uid,
            expires_at: row.expires_at,
          }),
        )
        .execute();
    },
    find: (id) => findWhere('id', id),
    findByUid: (uid) => findWhere('uid', uid),
    findByUserCode: (userCode) => findWhere('user_code', userCode),
    async consume(id) {
      await db
        .updateTable('oidc_payloads')
        .set({ consumed_at: iso(clock.now()) })
        .where('model', '=', model)
        .where('id', '=', id)
        .execute();
    },
    async destroy(id) {
      await db.deleteFrom('oidc_payloads').where('model', '=', model).where('id', '=', id).execute();
    },
    async revokeByGrantId(grantId) {
      await db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
    },
  };
}

/** Deletes expired rows, and the bindings of grants that no longer exist; run periodically. */
export async function sweepExpiredPayloads(db: Kysely<Database>, clock: Clock): Promise<number> {
  const result = await db.deleteFrom('oidc_payloads').where('expires_at', '<=', iso(clock.now())).executeTakeFirst();
  await db
    .deleteFrom('grant_organizations')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('oidc_payloads')
            .select('id')
            .where('model', '=', 'Grant')
            .whereRef('oidc_payloads.id', '=', 'grant_organizations.grant_id'),
        ),
      ),
    )
    .execute();
  await db
    .deleteFrom('grant_connections')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('oidc_payloads')
            .select('id')
            .where('model', '=', 'Grant')
            .whereRef('oidc_payloads.id', '=', 'grant_connections.grant_id'),
        ),
      ),
    )
    .execute();
  return Number(result.numDeletedRows);
}
