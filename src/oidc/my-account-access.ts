import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Services } from '../domain/services.js';
import type { ResourceServer } from '../domain/resource-servers/resource-servers.types.js';
import { userGrantScopes } from './user-api-access.js';

/**
 * The scopes a My Account API token may carry: what the application's user client grant allows,
 * from the person's own login (user-api-access.ts), narrowed by what was requested. No role is
 * needed: every scope reaches only the token's own user (`sub`), in an organization or not.
 */
export async function myAccountScope(ctx: KoaContextWithOIDC, services: Services, api: ResourceServer, clientId: string): Promise<string> {
  return (await userGrantScopes(ctx, services, api, clientId)).allowed.join(' ');
}
