import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { readSetting } from '../settings/settings.queries.js';
import type { Strategy } from '../connections/connections.types.js';

/**
 * The options of each enterprise strategy that the My Organization API speaks: what an organization
 * admin sees of a connection and, at most, may set. Left out on purpose: `domain_aliases` (home realm
 * discovery claims email domains), `is_trusted` (email trust decides account merging) and
 * `is_create_missing_user` — the tenant's decisions, never the customer's.
 */
export const MY_ORG_OPTIONS: Partial<Record<Strategy, readonly string[]>> = {
  oidc: [
    'type',
    'client_id',
    'client_secret',
    'discovery_url',
    'issuer',
    'scope',
    'authorization_endpoint',
    'token_endpoint',
    'userinfo_endpoint',
    'jwks_uri',
  ],
  okta: ['type', 'client_id', 'client_secret', 'discovery_url', 'issuer', 'scope', 'domain'],
  waad: ['tenant_domain', 'client_id', 'client_secret'],
  samlp: [
    'signInEndpoint',
    'signOutEndpoint',
    'metadataUrl',
    'metadataXml',
    'signingCert',
    'entityId',
    'signatureAlgorithm',
    'digestAlgorithm',
    'protocolBinding',
  ],
};

/**
 * The tenant's connection profile (Auth0's name): which strategies an organization admin may create
 * and, per strategy, which options they may set on a connection with access level `full`. Stored as
 * the tenant setting `connection_profile`; without one, every strategy and option above.
 */
export interface ConnectionProfile {
  strategies: Strategy[];
  options: Partial<Record<Strategy, string[]>>;
}

export const CONNECTION_PROFILE_KEY = 'connection_profile';

export const DEFAULT_CONNECTION_PROFILE: ConnectionProfile = {
  strategies: Object.keys(MY_ORG_OPTIONS) as Strategy[],
  options: Object.fromEntries(Object.entries(MY_ORG_OPTIONS).map(([strategy, keys]) => [strategy, [...keys]])),
};

export async function readConnectionProfile(db: Kysely<Database>): Promise<ConnectionProfile> {
  return (await readSetting<ConnectionProfile>(db, CONNECTION_PROFILE_KEY)) ?? DEFAULT_CONNECTION_PROFILE;
}
