import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { AuthenticationMethodRow } from '../../db/schema/authentication-methods.table.js';
import { parseJson } from '../shared/json.js';
import { hashRecoveryCode, newRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes.js';
import type { AuthenticationMethod, AuthenticationMethodType } from './mfa.types.js';

type Executor = Kysely<Database>;

/** A stored row in Auth0's shape; secrets (the TOTP seed, recovery code hashes) never leave. */
export function toAuthenticationMethod(row: AuthenticationMethodRow, rpId?: string): AuthenticationMethod {
  const webauthn = row.credential_id !== null;
  return {
    id: row.id,
    type: row.type as AuthenticationMethodType,
    confirmed: row.confirmed === 1,
    ...(row.name ? { name: row.name } : {}),
    created_at: row.created_at,
    ...(row.confirmed === 1 ? { enrolled_at: row.created_at } : {}),
    ...(row.last_auth_at ? { last_auth_at: row.last_auth_at } : {}),
    ...(webauthn
      ? {
          key_id: row.credential_id!,
          public_key: row.public_key ?? undefined,
          transports: parseJson<string[]>(row.transports, []),
          ...(rpId ? { relying_party_identifier: rpId } : {}),
        }
      : {}),
  };
}

export const methodRows = (db: Executor, userId: string) =>
  db.selectFrom('authentication_methods').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();

export const methodRow = (db: Executor, userId: string, id: string) =>
  db.selectFrom('authentication_methods').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();

export const methodByCredential = (db: Executor, credentialId: string) =>
  db.selectFrom('authentication_methods').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();

/** The user's role ids in the organization. */
export async function organizationRoles(db: Executor, organizationId: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('organization_member_roles')
    .select('role_id')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.role_id);
}

/** A new method id, Auth0's shape: `<type>|dev_<random>`. */
export const methodId = (type: AuthenticationMethodType) => `${type}|dev_${randomBytes(12).toString('base64url')}`;

/**
 * Creates the user's ten recovery codes (the method row and their hashes) unless they have them;
 * returns the new codes, to show once, or none.
 */
export async function insertRecoveryCodes(trx: Executor, userId: string, now: string): Promise<string[]> {
  const existing = await trx
    .selectFrom('authentication_methods')
    .select('id')
    .where('user_id', '=', userId)
    .where('type', '=', 'recovery-code')
    .executeTakeFirst();
  if (existing) return [];
  const id = methodId('recovery-code');
  await trx
    .insertInto('authentication_methods')
    .values({ id, user_id: userId, type: 'recovery-code', confirmed: 1, created_at: now })
    .execute();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await trx
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ method_id: id, code_hash: hashRecoveryCode(code), used_at: null })))
    .execute();
  return codes;
}

/** The connection of the user's database identity among `connectionIds`, if they have one there. */
export async function databaseIdentity(db: Executor, userId: string, connectionIds: string[]): Promise<string | undefined> {
  if (connectionIds.length === 0) return undefined;
  const row = await db
    .selectFrom('identities')
    .select('connection_id')
    .where('user_id', '=', userId)
    .where('connection_id', 'in', connectionIds)
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.connection_id;
}
