import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { prefixedId, randomString } from '../shared/ids.js';
import { enableEveryConnection } from '../connections/connection-clients.queries.js';
import { readSetting, writeSetting } from '../settings/settings.queries.js';

/** A page of the console's build that signs people in: the console, the portal, the account page. */
export interface PageClient {
  /** The setting that records the application's id. */
  key: string;
  name: string;
  description: string;
  /** The page's path under the issuer (`/console`, `/portal`, `/account`): its callback is `<path>/callback`. */
  path: string;
  organizationUsage: 'deny' | 'allow' | 'require';
  organizationRequireBehavior: 'no_prompt' | 'pre_login_prompt' | 'post_login_prompt';
  /** The user-facing API the page calls for the person signed in (a `subject_type: user` grant), if any. */
  api?: { audience: string; scopes: string[] };
}

/**
 * Creates the page's single-page application (public client, PKCE) once, keeps its URLs on the
 * issuer, and, for a page that calls an API, keeps its user client grant (`subject_type: user`)
 * holding every scope the page asks for. What a token finally carries is narrowed when it is
 * minted (oidc/).
 */
export async function ensurePageClient(trx: Kysely<Database>, issuer: string, page: PageClient, now: string): Promise<string> {
  const callbacks = JSON.stringify([`${issuer}${page.path}/callback`]);
  const logout = JSON.stringify([`${issuer}${page.path}/`]);
  const origins = JSON.stringify([issuer]);
  const stored = await readSetting<string>(trx, page.key);
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
        name: page.name,
        description: page.description,
        app_type: 'spa',
        is_first_party: 1,
        callbacks,
        allowed_logout_urls: logout,
        web_origins: origins,
        grant_types: JSON.stringify(['authorization_code', 'refresh_token']),
        token_endpoint_auth_method: 'none',
        initiate_login_uri: null,
        organization_usage: page.organizationUsage,
        organization_require_behavior: page.organizationRequireBehavior,
        client_metadata: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await enableEveryConnection(trx, clientId);
    await writeSetting(trx, page.key, clientId);
  }
  if (!page.api) return clientId!;
  // Kept current as scopes are added (the audience follows the issuer: bootstrap moves grants).
  const scope = JSON.stringify(page.api.scopes);
  await trx
    .insertInto('client_grants')
    .values({
      id: prefixedId('cgr'),
      client_id: clientId!,
      audience: page.api.audience,
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
