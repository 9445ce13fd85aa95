import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { findUserRow } from '../users/users.queries.js';
import { findTenantRoles, toAccount } from './accounts.queries.js';
import type { Account, TenantRole } from './accounts.types.js';

/** Reads for the protocol layers: the account behind a token and the tenant roles it holds. */
export function createAccountsService({ db }: { db: Kysely<Database> }) {
  return {
    /** The account with this user id, blocked or not; undefined when there is none. */
    async find(userId: string): Promise<Account | undefined> {
      const row = await findUserRow(db, userId);
      return row && toAccount(row);
    },

    /** The user's tenant-level roles: what a login outside any organization carries. */
    tenantRoles: (userId: string): Promise<TenantRole[]> => findTenantRoles(db, userId),
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
