import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { NewSigningKeyRow, SigningKeyRow } from '../../db/schema/signing-keys.table.js';

export async function insertSigningKeyRow(db: Kysely<Database>, row: NewSigningKeyRow): Promise<void> {
  await db.insertInto('signing_keys').values(row).execute();
}

/** Keys not retired, and keys retired after `retiredAfter`, newest first. */
export async function findLiveSigningKeyRows(db: Kysely<Database>, retiredAfter: string): Promise<SigningKeyRow[]> {
  return db
    .selectFrom('signing_keys')
    .selectAll()
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', retiredAfter)]))
    .orderBy('created_at', 'desc')
    .execute();
}

/** Marks every current key retired at `at`. */
export async function retireCurrentSigningKeys(db: Kysely<Database>, at: string): Promise<void> {
  await db.updateTable('signing_keys').set({ retired_at: at }).where('retired_at', 'is', null).execute();
}
