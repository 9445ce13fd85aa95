import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Whether the user has a confirmed factor to be challenged with: TOTP or a security key (recovery
 * codes alone do not count, nor a passkey, which is a first factor). One indexed statement, for the
 * MFA policy on every authorization and for the emailed-code fallback.
 */
export async function hasChallengeableFactor(db: Executor, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('authentication_methods')
    .select('id')
    .where('user_id', '=', userId)
    .where('confirmed', '=', 1)
    .where((eb) => eb.or([eb('type', '=', 'totp'), eb.and([eb('credential_id', 'is not', null), eb('type', '!=', 'passkey')])]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
