import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { MY_ACCOUNT_SCOPES } from '../resource-servers/my-account-api.js';
import { ensurePageClient } from './page-client.js';

export const ACCOUNT_CLIENT_NAME = 'Gatehouse Account';
export const ACCOUNT_CLIENT_KEY = 'account_client_id';

/**
 * The self-service account page: a single-page application (public client, PKCE) where a person
 * lists, adds and removes their own second factors through the My Account API. Anyone who can sign
 * in may use it, in an organization or not: a token reaches only its own user.
 */
export async function ensureAccountClient(trx: Kysely<Database>, issuer: string, myAccountAudience: string, now: string): Promise<string> {
  return ensurePageClient(
    trx,
    issuer,
    {
      key: ACCOUNT_CLIENT_KEY,
      name: ACCOUNT_CLIENT_NAME,
      description: 'The Gatehouse self-service account page (My Account API).',
      path: '/account',
      api: { audience: myAccountAudience, scopes: MY_ACCOUNT_SCOPES },
      organizationUsage: 'allow',
      organizationRequireBehavior: 'no_prompt',
    },
    now,
  );
}
