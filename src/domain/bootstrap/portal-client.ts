import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { prefixedId, randomString } from '../shared/ids.js';
import { MY_ORG_SCOPES } from '../resource-servers/my-org-api.js';
import { enableEveryConnection } from '../connections/connection-clients.queries.js';
import { readSetting, writeSetting } from '../settings/settings.queries.js';

export const PORTAL_CLIENT_NAME = 'Gatehouse Organization Portal';
export const PORTAL_CLIENT_KEY = 'portal_client_id';

/**
 * The organization-admin portal: a single-page application (public client, PKCE) that signs people
 * in to an organization (asking which one after sign-in when the link names none) and acts on the
 * My Organization API for them, through a client grant with `subject_type: user` and every My
 * Organization scope. What a token finally carries is what the member's organization roles allow.
 */
export async function ensurePortalClient(trx: Kysely<Database>, issuer: string, myOrgAudience: string, now: string): Promise<string> {
  const callbacks = JSON.stringify([`${issuer}/portal/callback`]);
  const logout = JSON.stringify([`${issuer}/portal/`]);
  const origins = JSON.stringify([issuer]);
  const stored = await readSetting<string>(trx, PORTAL_CLIENT_KEY);
  let clientId = stored;
  if (stored && (await trx.selectFrom('clients').select('client_id').where('client_id', '=', stored).executeTakeFirst())) {
    await trx
      .updateTable('clients')
      .set({ callbacks, allowed_logout_urls: logout, web_origins: origins })
      .where('client_id', '=', stored)
      .execute();
  } else {
    clientId = randomString(32);
    await trx
      .insertInto('clients')
      .values({
        client_id: clientId,
        client_secret: randomString(64),
        name: PORTAL_CLIENT_NAME,
        description: 'The Gatehouse organization-admin portal (My Organization API).',
        app_type: 'spa',
        is_first_party: 1,
        callbacks,
        allowed_logout_urls: logout,
        web_origins: origins,
        grant_types: JSON.stringify(['authorization_code', 'refresh_token']),
        token_endpoint_auth_method: 'none',
        initiate_login_uri: null,
        organization_usage: 'require',
        organization_require_behavior: 'post_login_prompt',
        client_metadata: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await enableEveryConnection(trx, clientId);
    await writeSetting(trx, PORTAL_CLIENT_KEY, clientId);
  }
  // Kept current as My Organization scopes are added (the audience follows the issuer: bootstrap moves grants).
  const scope = JSON.stringify(MY_ORG_SCOPES);
  await trx
    .insertInto('client_grants')
    .values({
      id: prefixedId('cgr'),
      client_id: clientId!,
      audience: myOrgAudience,
      scope,
      organization_usage: null,
      allow_any_organization: 0,
      subject_type: 'user',
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['client_id', 'audience']).doUpdateSet({ scope, subject_type: 'user' }))
    .execute();
  return clientId!;
}
