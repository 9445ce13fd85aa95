import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

const KEY = 'cookie_keys';

/** Secrets that sign oidc-provider's cookies; created once and shared by every process. */
export async function loadCookieKeys(db: Kysely<Database>): Promise<string[]> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (row) return JSON.parse(row.value) as string[];
  const keys = [randomBytes(32).toString('base64url')];
  await db
    .insertInto('settings')
    .values({ key: KEY, value: JSON.stringify(keys) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const stored = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirstOrThrow();
  return JSON.parse(stored.value) as string[];
}
