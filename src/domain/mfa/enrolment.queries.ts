import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Whether the user has a confirmed factor to be challenged with: TOTP or a WebAuthn credential — a
 * security key, this device's screen lock, or a passkey, which the challenge page accepts too
 * (recovery codes alone do not count). One indexed statement, for the MFA policy on every
 * authorization and for the emailed-code fallback.
 */
export async function hasChallengeableFactor(db: Executor, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('authentication_methods')
    .select('id')
    .where('user_id', '=', userId)
    .where('confirmed', '=', 1)
    .where((eb) => eb.or([eb('type', '=', 'totp'), eb('credential_id', 'is not', null)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
