import Provider from 'oidc-provider';
import type { Services } from '../domain/services.js';

/** What a signed-in user may do on one API, in the organization of their grant (or at tenant level). */
export interface ApiAccess {
  organization?: { id: string; name: string };
  roles: string[];
  permissions: string[];
}

/**
 * One token request asks for the same facts several times (the resource server's scope, the access
 * token's claims, the ID token's org_id): each is read once per oidc-provider request. `Provider.ctx`
 * is the request being served (oidc-provider's AsyncLocalStorage); outside a request nothing is kept.
 */
const perRequest = new WeakMap<object, Map<string, Promise<unknown>>>();
function oncePerRequest<T>(key: string, load: () => Promise<T>): Promise<T> {
  const ctx = Provider.ctx as object | undefined;
  if (!ctx) return load();
  let memo = perRequest.get(ctx);
  if (!memo) perRequest.set(ctx, (memo = new Map()));
  let value = memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    memo.set(key, value);
    value.catch(() => memo!.delete(key));
  }
  return value;
}

/** The organization a grant was issued in, read once per request. */
export function grantOrganization(services: Services, grantId: string): Promise<{ id: string; name: string } | undefined> {
  return oncePerRequest(`grant-organization:${grantId}`, () => services.signIn.organizationOfGrant(grantId));
}

/**
 * Roles come from the organization the grant was issued in; without one, from the tenant-level
 * roles. Tenant roles never leak into an organization login.
 */
export function apiAccess(services: Services, input: { userId: string; grantId?: string; audience: string }): Promise<ApiAccess> {
  return oncePerRequest(`api-access:${input.userId}:${input.grantId ?? ''}:${input.audience}`, async () => {
    const organization = input.grantId ? await grantOrganization(services, input.grantId) : undefined;
    const roleRows = organization
      ? await services.memberships.rolesOf(organization.id, input.userId)
      : await services.accounts.tenantRoles(input.userId);
    const permissions = await services.roles.permissionsFor(
      roleRows.map((r) => r.id),
      input.audience,
    );
    return { organization, roles: roleRows.map((r) => r.name), permissions };
  });
}
