import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type Clock, iso } from '../shared/clock.js';
import { prefixedId, randomString } from '../shared/ids.js';
import { MANAGEMENT_API_NAME, MANAGEMENT_SCOPES } from '../resource-servers/management-api.js';
import { MY_ORG_API_NAME, MY_ORG_SCOPES, MY_ORG_TOKEN_LIFETIME } from '../resource-servers/my-org-api.js';
import { MY_ACCOUNT_API_NAME, MY_ACCOUNT_SCOPES, MY_ACCOUNT_TOKEN_LIFETIME } from '../resource-servers/my-account-api.js';
import type { SystemApi } from '../resource-servers/resource-servers.types.js';

const BOOTSTRAP_CLIENT_KEY = 'bootstrap_client_id';

export interface BootstrapResult {
  clientId: string;
  /** Present only when the application was created (or re-keyed) by this call: shown once. */
  clientSecret?: string;
}

/**
 * Makes the tenant usable: the system APIs (Management, My Organization, My Account) under the current issuer,
 * and the bootstrap management application with a grant for every Management API scope. Idempotent.
 */
export async function bootstrapTenant(
  db: Kysely<Database>,
  clock: Clock,
  options: {
    managementAudience: string;
    myOrgAudience: string;
    myAccountAudience: string;
    fixedCredentials?: { clientId: string; clientSecret: string };
  },
): Promise<BootstrapResult> {
  return db.transaction().execute(async (trx) => {
    const now = iso(clock.now());
    await ensureSystemApi(trx, now, {
      kind: 'management',
      identifier: options.managementAudience,
      name: MANAGEMENT_API_NAME,
      scopes: MANAGEMENT_SCOPES,
      tokenLifetime: 86400,
    });
    await ensureSystemApi(trx, now, {
      kind: 'my_org',
      identifier: options.myOrgAudience,
      name: MY_ORG_API_NAME,
      scopes: MY_ORG_SCOPES,
      tokenLifetime: MY_ORG_TOKEN_LIFETIME,
    });
    await ensureSystemApi(trx, now, {
      kind: 'my_account',
      identifier: options.myAccountAudience,
      name: MY_ACCOUNT_API_NAME,
      scopes: MY_ACCOUNT_SCOPES,
      tokenLifetime: MY_ACCOUNT_TOKEN_LIFETIME,
    });

    const fixed = options.fixedCredentials;
    const stored = await trx.selectFrom('settings').select('value').where('key', '=', BOOTSTRAP_CLIENT_KEY).executeTakeFirst();
    const storedId = stored ? (JSON.parse(stored.value) as string) : undefined;
    const existing = storedId
      ? await trx.selectFrom('clients').select(['client_id', 'client_secret']).where('client_id', '=', storedId).executeTakeFirst()
      : undefined;

    if (existing && (!fixed || (fixed.clientId === existing.client_id && fixed.clientSecret === existing.client_secret))) {
      await ensureGrant(trx, existing.client_id, options.managementAudience, now);
      return { clientId: existing.client_id };
    }
    if (existing && fixed) await trx.deleteFrom('clients').where('client_id', '=', existing.client_id).execute();

    const clientId = fixed?.clientId ?? randomString(32);
    const clientSecret = fixed?.clientSecret ?? randomString(64);
    await trx.deleteFrom('clients').where('client_id', '=', clientId).execute();
    await trx
      .insertInto('clients')
      .values({
        client_id: clientId,
        client_secret: clientSecret,
        name: 'Gatehouse Bootstrap (Management API)',
        description: 'Created on first start; holds every Management API scope.',
        app_type: 'non_interactive',
        is_first_party: 1,
        callbacks: '[]',
        allowed_logout_urls: '[]',
        web_origins: '[]',
        grant_types: JSON.stringify(['client_credentials']),
        token_endpoint_auth_method: 'client_secret_post',
        initiate_login_uri: null,
        organization_usage: 'deny',
        organization_require_behavior: 'no_prompt',
        client_metadata: '{}',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await ensureGrant(trx, clientId, options.managementAudience, now);
    await trx
      .insertInto('settings')
      .values({ key: BOOTSTRAP_CLIENT_KEY, value: JSON.stringify(clientId) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(clientId) }))
      .execute();
    return { clientId, clientSecret };
  });
}

async function ensureGrant(trx: Kysely<Database>, clientId: string, audience: string, now: string): Promise<void> {
  const scope = JSON.stringify(MANAGEMENT_SCOPES);
  await trx
    .insertInto('client_grants')
    .values({
      id: prefixedId('cgr'),
      client_id: clientId,
      audience,
      scope,
      organization_usage: null,
      allow_any_organization: 0,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['client_id', 'audience']).doUpdateSet({ scope }))
    .execute();
}

/**
 * Creates one system API, or moves it to the current identifier and scopes (the issuer changed, or
 * new scopes shipped), with its grants.
 */
async function ensureSystemApi(
  trx: Kysely<Database>,
  now: string,
  api: { kind: SystemApi; identifier: string; name: string; scopes: string[]; tokenLifetime: number },
): Promise<void> {
  const scopes = JSON.stringify(api.scopes.map((value) => ({ value })));
  const existing = await trx.selectFrom('resource_servers').selectAll().where('system_api', '=', api.kind).executeTakeFirst();
  if (!existing) {
    await trx
      .insertInto('resource_servers')
      .values({
        id: randomString(24, '0123456789abcdef'),
        identifier: api.identifier,
        name: api.name,
        scopes,
        signing_alg: 'RS256',
        token_lifetime: api.tokenLifetime,
        is_system: 1,
        system_api: api.kind,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return;
  }
  if (existing.identifier === api.identifier && existing.scopes === scopes && existing.token_lifetime === api.tokenLifetime) return;
  await trx
    .updateTable('resource_servers')
    .set({ identifier: api.identifier, scopes, token_lifetime: api.tokenLifetime, updated_at: now })
    .where('id', '=', existing.id)
    .execute();
  await trx.updateTable('client_grants').set({ audience: api.identifier }).where('audience', '=', existing.identifier).execute();
}
