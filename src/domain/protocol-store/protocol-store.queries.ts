import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { NewOidcPayloadRow, OidcPayloadRow } from '../../db/schema/oidc-payloads.table.js';

// The one owner of `oidc_payloads`: oidc-provider's state, the hosted login's refusal codes and the
// SAML request and assertion caches, each under its own model.

/** A payload row by model and one of its keys. */
export async function findPayloadRow(
  db: Kysely<Database>,
  model: string,
  column: 'id' | 'uid' | 'user_code',
  value: string,
): Promise<Pick<OidcPayloadRow, 'payload' | 'expires_at' | 'consumed_at'> | undefined> {
  return db
    .selectFrom('oidc_payloads')
    .select(['payload', 'expires_at', 'consumed_at'])
    .where('model', '=', model)
    .where(column, '=', value)
    .executeTakeFirst();
}

/** Writes a payload, replacing the one of the same model and id (and clearing nothing else). */
export async function upsertPayloadRow(db: Kysely<Database>, row: NewOidcPayloadRow): Promise<void> {
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
}

/** Inserts a payload; fails on an existing model and id. */
export async function insertPayloadRow(db: Kysely<Database>, row: NewOidcPayloadRow): Promise<void> {
  await db.insertInto('oidc_payloads').values(row).execute();
}

/** Inserts a payload unless one of that model and id exists; true when this call inserted it. */
export async function insertPayloadRowIfAbsent(db: Kysely<Database>, row: NewOidcPayloadRow): Promise<boolean> {
  const result = await db
    .insertInto('oidc_payloads')
    .values(row)
    .onConflict((oc) => oc.columns(['model', 'id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Marks a payload consumed at `at`; with `onlyOnce`, only a payload not consumed yet. */
export async function markPayloadConsumed(
  db: Kysely<Database>,
  model: string,
  id: string,
  at: string,
  options: { onlyOnce?: boolean } = {},
): Promise<void> {
  let query = db.updateTable('oidc_payloads').set({ consumed_at: at }).where('model', '=', model).where('id', '=', id);
  if (options.onlyOnce) query = query.where('consumed_at', 'is', null);
  await query.execute();
}

/** Deletes one payload. */
export async function deletePayloadRow(db: Kysely<Database>, model: string, id: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('model', '=', model).where('id', '=', id).execute();
}

/**
 * Deletes one payload that has not expired by `now` and returns it: one statement, so of two
 * requests taking the same payload only one gets it (single-use state such as a WebAuthn challenge).
 */
export async function takePayloadRow(db: Kysely<Database>, model: string, id: string, now: string): Promise<string | undefined> {
  const row = await db
    .deleteFrom('oidc_payloads')
    .where('model', '=', model)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .returning('payload')
    .executeTakeFirst();
  return row?.payload;
}

/** Deletes one payload if it expired by `now`. */
export async function deleteExpiredPayloadRow(db: Kysely<Database>, model: string, id: string, now: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('model', '=', model).where('id', '=', id).where('expires_at', '<=', now).execute();
}

/** Deletes every payload of a grant, whatever its model. */
export async function deletePayloadRowsOfGrant(db: Kysely<Database>, grantId: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
}

/**
 * Deletes the payloads expired by `now`, and the organization and connection bindings of grants
 * that are no longer stored (a binding lives and dies with its grant); returns the payloads deleted.
 */
export async function deleteExpiredPayloadRows(db: Kysely<Database>, now: string): Promise<number> {
  const result = await db.deleteFrom('oidc_payloads').where('expires_at', '<=', now).executeTakeFirst();
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
