import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { CONSOLE_CLIENT_KEY } from '../bootstrap/tenant-admin.js';
import { PORTAL_CLIENT_KEY } from '../bootstrap/portal-client.js';
import { ACCOUNT_CLIENT_KEY } from '../bootstrap/account-client.js';
import { readSetting } from './settings.queries.js';

/** Tenant settings the protocol layers and the console read. */
export function createSettingsService({ db }: { db: Kysely<Database> }) {
  return {
    /** The admin console's application id (bootstrap records it); undefined before bootstrap made it. */
    consoleClientId: (): Promise<string | undefined> => readSetting<string>(db, CONSOLE_CLIENT_KEY),
    /** The organization-admin portal's application id (bootstrap records it). */
    portalClientId: (): Promise<string | undefined> => readSetting<string>(db, PORTAL_CLIENT_KEY),
    /** The self-service account page's application id (bootstrap records it). */
    accountClientId: (): Promise<string | undefined> => readSetting<string>(db, ACCOUNT_CLIENT_KEY),
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
