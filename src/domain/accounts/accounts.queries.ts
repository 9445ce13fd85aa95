import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { UserRow } from '../../db/schema/users.table.js';
import type { Account, TenantRole } from './accounts.types.js';

export function toAccount(row: UserRow): Account {
  return {
    id: row.id,
    blocked: row.blocked === 1,
    email: row.email,
    emailVerified: row.email_verified === 1,
    name: row.name,
    givenName: row.given_name,
    familyName: row.family_name,
    nickname: row.nickname,
    picture: row.picture,
    updatedAt: row.updated_at,
  };
}

/** The roles a user holds at tenant level. */
export async function findTenantRoles(db: Kysely<Database>, userId: string): Promise<TenantRole[]> {
  return db
    .selectFrom('user_roles as ur')
    .innerJoin('roles as r', 'r.id', 'ur.role_id')
    .select(['r.id', 'r.name'])
    .where('ur.user_id', '=', userId)
    .execute();
}
