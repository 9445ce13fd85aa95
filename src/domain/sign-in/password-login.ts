import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { DomainError } from '../errors.js';
import { hashPassword, verifyPassword, PASSWORD_HASH_OPTIONS } from '../users/passwords.js';
import type { FailureThrottle, Reservation } from '../rate-limits/failure-throttle.js';

/** Auth0's words for a failed password login: the same whether or not the account exists. */
export const WRONG_CREDENTIALS = 'Wrong email or password.';

export interface PasswordLoginDeps {
  db: Kysely<Database>;
  accountThrottle: FailureThrottle;
  ipThrottle: FailureThrottle;
}

/** The user and identity a password login matched. */
export interface PasswordMatch {
  userId: string;
  connectionId: string;
  email: string;
  emailVerified: boolean;
}

/**
 * Why a password sign-in was refused, for its event: Auth0 tells a wrong password (`fp`) from an
 * unknown account (`fu`), a blocked user (`f`) and the throttle (`limit_wc` per account, `limit_mu`
 * per address); the person is told the same sentence either way.
 */
export interface PasswordRefusal {
  kind: 'wrong_password' | 'unknown_account' | 'blocked' | 'account_throttled' | 'ip_throttled';
  error: DomainError;
  userId?: string;
  connectionId?: string;
}

const CURRENT_PARAMS = `m=${PASSWORD_HASH_OPTIONS.memoryCost},t=${PASSWORD_HASH_OPTIONS.timeCost},p=${PASSWORD_HASH_OPTIONS.parallelism}`;

/** True when a stored PHC hash was made with other parameters than today's, so it is re-hashed. */
function needsRehash(phc: string): boolean {
  return !phc.startsWith('$argon2id$') || !phc.includes(`$${CURRENT_PARAMS}$`);
}

/**
 * Email + password against the database connections allowed here. Unknown accounts are verified
 * against a decoy hash so the response time does not reveal whether the email exists.
 */
type Report = ((refusal: PasswordRefusal) => Promise<void>) | undefined;

/** Reports a refusal (the caller records its event) and returns its error to throw. */
async function refused(report: Report, refusal: PasswordRefusal): Promise<DomainError> {
  await report?.(refusal);
  return refusal.error;
}

export function createPasswordLogin({ db, accountThrottle, ipThrottle }: PasswordLoginDeps) {
  let decoy: Promise<string> | undefined;
  const decoyHash = () => (decoy ??= hashPassword(randomBytes(24).toString('base64url')));

  function tooManyAttempts(waitSeconds: number): DomainError {
    const minutes = Math.max(1, Math.ceil(waitSeconds / 60));
    return new DomainError(
      'too_many_attempts',
      `Too many failed attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} before trying again, or reset your password.`,
    );
  }

  /**
   * Reserves this attempt's slot in the account's and the IP's buckets before the password is
   * checked, so parallel attempts cannot all pass a limit read before any of them failed.
   */
  async function reserveAttempt(
    accountBucket: string,
    ipBucket: string,
    report: Report,
  ): Promise<{ account: Reservation; ip: Reservation }> {
    const account = await accountThrottle.reserve(accountBucket);
    if ('waitSeconds' in account) throw await refused(report, { kind: 'account_throttled', error: tooManyAttempts(account.waitSeconds) });
    const ip = await ipThrottle.reserve(ipBucket);
    if ('waitSeconds' in ip) {
      await accountThrottle.release(account.reservation);
      throw await refused(report, { kind: 'ip_throttled', error: tooManyAttempts(ip.waitSeconds) });
    }
    return { account: account.reservation, ip: ip.reservation };
  }

  return {
    /** Warms the decoy hash at start so the first unknown-account login is not faster than others. */
    warmUp: () => decoyHash().then(() => undefined),

    /**
     * Checks the password; `report` hears of a refusal before it is thrown. The login is counted
     * (last_login, logins_count) by whoever completes it, once every other rule passed.
     */
    async authenticate(
      input: { email: string; password: string; connectionIds: string[]; ip: string },
      report?: (refusal: PasswordRefusal) => Promise<void>,
    ): Promise<PasswordMatch> {
      const email = input.email.trim().toLowerCase();
      const accountBucket = `signin:account:${email}`;
      const ipBucket = `signin:ip:${input.ip}`;
      const slots = await reserveAttempt(accountBucket, ipBucket, report);

      const row =
        input.connectionIds.length === 0
          ? undefined
          : await db
              .selectFrom('identities as i')
              .innerJoin('users as u', 'u.id', 'i.user_id')
              .select([
                'u.id as user_id',
                'u.email',
                'u.email_verified',
                'u.blocked',
                'i.id as identity_id',
                'i.connection_id',
                'i.password_hash',
              ])
              .where('u.email_normalized', '=', email)
              .where('i.connection_id', 'in', input.connectionIds)
              .where('i.password_hash', 'is not', null)
              .orderBy('i.created_at')
              .executeTakeFirst();

      const ok = row
        ? await verifyPassword(row.password_hash!, input.password)
        : await verifyPassword(await decoyHash(), input.password).then(() => false);
      // A failure keeps both slots. A right password forgives the account's failures and gives the
      // IP its slot back: people who sign in successfully behind one NAT never lock each other out.
      if (!row || !ok) {
        throw await refused(report, {
          kind: row ? 'wrong_password' : 'unknown_account',
          error: new DomainError('invalid_credentials', WRONG_CREDENTIALS),
          userId: row?.user_id,
          connectionId: row?.connection_id,
        });
      }
      await accountThrottle.clear(accountBucket);
      await ipThrottle.release(slots.ip);
      if (row.blocked === 1) {
        throw await refused(report, {
          kind: 'blocked',
          error: new DomainError('user_blocked', 'This account is blocked. Contact your administrator.'),
          userId: row.user_id,
          connectionId: row.connection_id,
        });
      }
      // An imported or older hash becomes today's argon2id. The update only lands while the identity
      // still holds the hash just verified, so a password changed meanwhile is never overwritten.
      if (needsRehash(row.password_hash!)) {
        await db
          .updateTable('identities')
          .set({ password_hash: await hashPassword(input.password) })
          .where('id', '=', row.identity_id)
          .where('password_hash', '=', row.password_hash)
          .execute();
      }
      return { userId: row.user_id, connectionId: row.connection_id, email: row.email ?? email, emailVerified: row.email_verified === 1 };
    },
  };
}

export type PasswordLogin = ReturnType<typeof createPasswordLogin>;
