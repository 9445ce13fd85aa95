import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { MY_ORG_SCOPES } from '../resource-servers/my-org-api.js';
import { ensurePageClient } from './page-client.js';

export const PORTAL_CLIENT_NAME = 'Gatehouse Organization Portal';
export const PORTAL_CLIENT_KEY = 'portal_client_id';

/**
 * The organization-admin portal: a single-page application (public client, PKCE) that signs people
 * in to an organization (asking which one after sign-in when the link names none) and acts on the
 * My Organization API for them, through a client grant with `subject_type: user` and every My
 * Organization scope. What a token finally carries is what the member's organization roles allow.
 */
export async function ensurePortalClient(trx: Kysely<Database>, issuer: string, myOrgAudience: string, now: string): Promise<string> {
  return ensurePageClient(
    trx,
    issuer,
    {
      key: PORTAL_CLIENT_KEY,
      name: PORTAL_CLIENT_NAME,
      description: 'The Gatehouse organization-admin portal (My Organization API).',
      path: '/portal',
      api: { audience: myOrgAudience, scopes: MY_ORG_SCOPES },
      organizationUsage: 'require',
      organizationRequireBehavior: 'post_login_prompt',
    },
    now,
  );
}
