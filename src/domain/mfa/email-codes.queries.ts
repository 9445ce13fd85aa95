import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Marks every unused code of this login used: only the newest code sent works. */
export async function retireEmailCodes(db: Executor, userId: string, interactionId: string, now: string): Promise<void> {
  await db
    .updateTable('mfa_email_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('interaction_id', '=', interactionId)
    .where('used_at', 'is', null)
    .execute();
}

export async function insertEmailCode(
  db: Executor,
  row: { id: string; userId: string; interactionId: string; codeHash: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('mfa_email_codes')
    .values({
      id: row.id,
      user_id: row.userId,
      interaction_id: row.interactionId,
      code_hash: row.codeHash,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
      used_at: null,
    })
    .execute();
}

/**
 * Uses the code if it is this login's, unused and unexpired: one conditional statement, so of two
 * concurrent uses exactly one wins.
 */
export async function consumeEmailCode(
  db: Executor,
  input: { userId: string; interactionId: string; codeHash: string; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('mfa_email_codes')
    .set({ used_at: input.now })
    .where('user_id', '=', input.userId)
    .where('interaction_id', '=', input.interactionId)
    .where('code_hash', '=', input.codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', input.now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The user's address codes go to: their email, only when verified. */
export async function verifiedEmailOf(db: Executor, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select(['email', 'email_verified']).where('id', '=', userId).executeTakeFirst();
  return row?.email && row.email_verified === 1 ? row.email : undefined;
}
