import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database.js';

/** Rows per multi-row INSERT (18 columns × 500 stays under SQLite's and PostgreSQL's parameter limits). */
const BATCH = 500;
/** Rows per transaction. */
const PER_TRANSACTION = 10_000;

/** The email of the `n`th seeded user: `user<n>@bench.example`. */
export const seededEmail = (n: number) => `user${n}@bench.example`;

/**
 * Inserts users `from`…`from + count - 1` and makes each a member of every organization in `orgIds`,
 * with multi-row inserts, `PER_TRANSACTION` rows per transaction. Returns the user ids.
 */
export async function seedMembers(
  db: Kysely<Database>,
  from: number,
  count: number,
  orgIds: string[],
  /** Also a password identity on this database connection, so the seeded users can sign in. */
  login?: { connectionId: string; passwordHash: string },
): Promise<string[]> {
  const now = new Date().toISOString();
  const ids: string[] = [];
  for (let start = from; start < from + count; start += PER_TRANSACTION) {
    const end = Math.min(start + PER_TRANSACTION, from + count);
    await db.transaction().execute(async (trx) => {
      for (let batch = start; batch < end; batch += BATCH) {
        const users = [];
        for (let n = batch; n < Math.min(batch + BATCH, end); n += 1) {
          const id = `auth0|${randomBytes(12).toString('hex')}`;
          ids.push(id);
          users.push({
            id,
            email: seededEmail(n),
            email_normalized: seededEmail(n),
            email_verified: 1,
            username: null,
            phone_number: null,
            name: `User ${n}`,
            given_name: null,
            family_name: null,
            nickname: `user${n}`,
            picture: null,
            user_metadata: '{}',
            app_metadata: '{}',
            blocked: 0,
            logins_count: 0,
            last_login: null,
            created_at: now,
            updated_at: now,
          });
        }
        await trx.insertInto('users').values(users).execute();
        if (login) {
          await trx
            .insertInto('identities')
            .values(
              users.map((u) => ({
                id: `idn_${randomBytes(12).toString('hex')}`,
                user_id: u.id,
                connection_id: login.connectionId,
                provider: 'auth0',
                provider_user_id: u.id.slice('auth0|'.length),
                pending_email: null,
                is_social: 0,
                profile_data: '{}',
                password_hash: login.passwordHash,
                created_at: now,
              })),
            )
            .execute();
        }
        for (const organization_id of orgIds) {
          await trx
            .insertInto('organization_members')
            .values(users.map((u) => ({ organization_id, user_id: u.id, created_at: now })))
            .execute();
        }
      }
    });
  }
  return ids;
}
