import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { AuthenticationMethodRow } from '../../db/schema/authentication-methods.table.js';
import { parseJson } from '../shared/json.js';
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
