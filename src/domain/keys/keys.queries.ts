import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { NewSigningKeyRow } from '../../db/schema/signing-keys.table.js';
import type { SigningKey } from './key-set.js';

export async function insertSigningKeyRow(db: Kysely<Database>, row: NewSigningKeyRow): Promise<void> {
  await db.insertInto('signing_keys').values(row).execute();
}

/** Keys not retired, and keys retired after `retiredAfter`. */
export async function findLiveSigningKeys(db: Kysely<Database>, retiredAfter: string): Promise<SigningKey[]> {
  const rows = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', retiredAfter)]))
    .execute();
  return rows.map((row) => ({
    kid: row.kid,
    jwk: JSON.parse(row.private_jwk),
    createdAt: row.created_at,
    activeFrom: row.active_from,
    retiredAt: row.retired_at,
  }));
}

/** Marks every key not retired yet as retired at `at`. */
export async function retireCurrentSigningKeys(db: Kysely<Database>, at: string): Promise<void> {
  await db.updateTable('signing_keys').set({ retired_at: at }).where('retired_at', 'is', null).execute();
}
