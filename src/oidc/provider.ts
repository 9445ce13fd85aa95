import type { Kysely } from 'kysely';
import Provider, { errors, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { JWK } from 'jose';
import type { Database } from '../db/database.js';
import type { Clock } from '../domain/shared/clock.js';
import { findClientRow, toClient } from '../domain/clients/clients.queries.js';
import { findClientGrant } from '../domain/client-grants/client-grants.queries.js';
import { findResourceServerByIdentifier } from '../domain/resource-servers/resource-servers.queries.js';
import { createPayloadAdapter } from './adapter.js';

export interface ProviderDeps {
  db: Kysely<Database>;
  clock: Clock;
  issuer: string;
  signingKeys: JWK[];
  cookieKeys: string[];
}

/** Auth0's paths for the protocol endpoints. */
export const OIDC_ROUTES = {
  authorization: '/authorize',
  token: '/oauth/token',
  userinfo: '/userinfo',
  jwks: '/.well-known/jwks.json',
  end_session: '/oidc/logout',
  revocation: '/oauth/revoke',
} as const;

/** Maps a stored application to oidc-provider client metadata. */
async function loadClientMetadata(db: Kysely<Database>, clientId: string): Promise<ClientMetadata | undefined> {
  const row = await findClientRow(db, clientId);
  if (!row) return undefined;
  const client = toClient(row);
  return {
    client_id: client.client_id,
    client_secret: client.client_secret,
    client_name: client.name,
    grant_types: client.grant_types,
    // oidc-provider refuses the whole client when it has response types but no redirect URI,
    // which would also break its client credentials grant; without callbacks it simply has no code flow.
    response_types: client.grant_types.includes('authorization_code') && client.callbacks.length > 0 ? ['code'] : [],
    redirect_uris: client.callbacks,
    post_logout_redirect_uris: client.allowed_logout_urls,
    token_endpoint_auth_method: client.token_endpoint_auth_method,
    // Native apps may register custom-scheme and loopback redirect URIs (RFC 8252).
    application_type: client.app_type === 'native' ? 'native' : 'web',
  };
}

/** Auth0 sends the API as `audience`; RFC 8707 calls it `resource`. */
function requestedAudience(ctx: KoaContextWithOIDC): string | undefined {
  const body = ctx.oidc.body as Record<string, unknown> | undefined;
  const value = body?.audience ?? ctx.query.audience;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Builds the oidc-provider instance; all of its state goes through the database adapter. */
export function createProvider({ db, clock, issuer, signingKeys, cookieKeys }: ProviderDeps): Provider {
  const configuration: Configuration = {
    adapter: (name: string) => {
      if (name === 'Client') {
        return {
          find: (id: string) => loadClientMetadata(db, id),
          upsert: async () => {}, consume: async () => {}, destroy: async () => {}, revokeByGrantId: async () => {},
          findByUid: async () => undefined, findByUserCode: async () => undefined,
        };
      }
      return createPayloadAdapter(db, clock, name);
    },
    jwks: { keys: signingKeys as NonNullable<Configuration['jwks']>['keys'] },
    cookies: { keys: cookieKeys },
    routes: OIDC_ROUTES,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx) => requestedAudience(ctx) ?? undefined!,
        useGrantedResource: () => true,
        async getResourceServerInfo(ctx, resourceIndicator, client) {
          const api = await findResourceServerByIdentifier(db, resourceIndicator);
          if (!api) throw new errors.InvalidTarget(`Service not found: ${resourceIndicator}`);
          const grant = await findClientGrant(db, client.clientId, api.identifier);
          if (!grant) {
            throw new errors.AccessDenied(`Client is not authorized to access "${api.identifier}". You need to create a "client-grant" associated to this API.`);
          }
          // Auth0 grants every scope of the client grant when the request names none.
          if (ctx.oidc.params && !ctx.oidc.params.scope && ctx.oidc.route === 'token') {
            (ctx.oidc.params as Record<string, unknown>).scope = grant.scope.join(' ');
          }
          return {
            scope: grant.scope.join(' '),
            audience: api.identifier,
            accessTokenTTL: api.token_lifetime,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    clientBasedCORS: () => false,
    findAccount: async () => undefined,
    async extraTokenClaims(_ctx, token) {
      if (token.kind === 'ClientCredentials') return { gty: 'client-credentials', azp: token.clientId };
      return undefined;
    },
    renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = out;
    },
  };
  const provider = new Provider(issuer, configuration);
  return provider;
}
