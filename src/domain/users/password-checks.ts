import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { prefixedId } from '../shared/ids.js';
import { parseJson } from '../shared/json.js';
import { verifyPassword } from './passwords.js';
import {
  containsPersonalInfo,
  isDictionaryWord,
  passwordPolicyOf,
  PasswordPolicyError,
  strengthFailures,
  type PasswordPolicy,
  type PersonalInfo,
} from './password-policy.js';

/** The policy of a database connection, read from its stored options. */
export async function connectionPasswordPolicy(db: Kysely<Database>, connectionId: string): Promise<PasswordPolicy> {
  const row = await db.selectFrom('connections').select('options').where('id', '=', connectionId).executeTakeFirst();
  return passwordPolicyOf(parseJson<Record<string, unknown>>(row?.options ?? '{}', {}));
}

/** The hashes a new password may not match: the identity's current one and its last `size` before. */
async function recentHashes(db: Kysely<Database>, identityId: string, size: number): Promise<string[]> {
  const current = await db.selectFrom('identities').select('password_hash').where('id', '=', identityId).executeTakeFirst();
  const history = await db
    .selectFrom('password_history')
    .select('password_hash')
    .where('identity_id', '=', identityId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(size)
    .execute();
  const hashes = history.map((h) => h.password_hash);
  // Passwords set before history was kept are only in the identity row.
  if (current?.password_hash && !hashes.includes(current.password_hash)) hashes.unshift(current.password_hash);
  return hashes.slice(0, size);
}

/**
 * Checks a new password against the connection's policy, cheapest rules first (argon2 for history
 * last); throws PasswordPolicyError naming every failed rule of the first family that fails.
 * `identityId` is the identity whose password changes (none when it is being created).
 */
export async function assertPasswordAllowed(
  db: Kysely<Database>,
  input: {
    policy: PasswordPolicy;
    password: string;
    personal: PersonalInfo;
    identityId?: string;
  },
): Promise<void> {
  const { policy, password } = input;
  const weak = strengthFailures(policy, password);
  if (weak.length > 0) throw new PasswordPolicyError(weak);
  if (policy.noPersonalInfo && containsPersonalInfo(password, input.personal)) throw new PasswordPolicyError([{ rule: 'personal_info' }]);
  if (await isDictionaryWord(policy, password)) throw new PasswordPolicyError([{ rule: 'dictionary' }]);
  if (policy.historySize > 0 && input.identityId) {
    const hashes = await recentHashes(db, input.identityId, policy.historySize);
    const matches = await Promise.all(hashes.map((h) => verifyPassword(h, password)));
    if (matches.some(Boolean)) throw new PasswordPolicyError([{ rule: 'history', size: policy.historySize }]);
  }
}

/**
 * Keeps the new hash in the identity's history when the policy keeps one, and drops the entries
 * beyond its size. Call inside the transaction that sets the password.
 */
export async function recordPasswordHistory(
  trx: Kysely<Database>,
  input: {
    policy: PasswordPolicy;
    identityId: string;
    passwordHash: string;
    now: string;
  },
): Promise<void> {
  if (input.policy.historySize === 0) return;
  await trx
    .insertInto('password_history')
    .values({ id: prefixedId('pwh'), identity_id: input.identityId, password_hash: input.passwordHash, created_at: input.now })
    .execute();
  const keep = await trx
    .selectFrom('password_history')
    .select('id')
    .where('identity_id', '=', input.identityId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.policy.historySize)
    .execute();
  await trx
    .deleteFrom('password_history')
    .where('identity_id', '=', input.identityId)
    .where(
      'id',
      'not in',
      keep.map((k) => k.id),
    )
    .execute();
}
