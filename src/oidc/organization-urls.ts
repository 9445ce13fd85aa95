import Provider, { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { decodeJwt } from 'jose';
import type { Services } from '../domain/services.js';
import { hasOrganizationPlaceholder, organizationNameInUrl } from '../domain/clients/organization-urls.js';
import { requestedOrganization } from '../shared/authorization-params.js';

/**
 * Auth0's `{organization_name}` in callback and logout URLs, on oidc-provider. Its checks
 * (`redirectUriAllowed`, `postLogoutRedirectUriAllowed`) are synchronous, so the organization of
 * the request is looked up before the route runs and kept beside the request; a URL the placeholder
 * matches is allowed only for that organization's name, only for applications whose
 * `organization_usage` is allow or require (Auth0's rule), and never as the literal template.
 */

interface KnownOrganization {
  /** The request's `organization` / `org_code` value, or the id token hint's `org_id`. */
  requested: string;
  id: string;
  name: string;
}

const known = new WeakMap<object, KnownOrganization>();
/** An organization name a placeholder matched before the organization could be looked up. */
const unverified = new WeakMap<object, string>();

const lookupable = (value: unknown): value is string =>
  typeof value === 'string' && value !== '' && value.length <= 64 && !value.includes('\u0000');

// oidc-provider keeps extra client metadata under its snake_case name.
type ClientLike = { redirectUris?: string[]; postLogoutRedirectUris?: string[]; organization_usage?: string };

function usesOrganizations(client: ClientLike): boolean {
  return client.organization_usage === 'allow' || client.organization_usage === 'require';
}

/** The authorization request's organization name, when known here and now. */
function authorizationOrganization(ctx: KoaContextWithOIDC): { name?: string; requested?: string } {
  const requested = requestedOrganization(ctx.oidc.params as Record<string, unknown> | undefined);
  if (!requested) return {};
  const found = known.get(ctx);
  if (found && found.requested === requested) return { name: found.name, requested };
  return { requested };
}

function redirectAllowedThroughPlaceholder(client: ClientLike, value: string): boolean {
  const ctx = Provider.ctx as KoaContextWithOIDC | undefined;
  if (!ctx || !usesOrganizations(client)) return false;
  const name = organizationNameInUrl(client.redirectUris ?? [], value);
  if (name === undefined) return false;
  const organization = authorizationOrganization(ctx);
  if (!organization.requested) return false;
  if (organization.name !== undefined) return organization.name === name;
  // A POST or pushed request: the organization is looked up in checkOrganizationRedirect, before
  // anything is issued. A name given as such must already be the one in the URL.
  if (!organization.requested.startsWith('org_') && organization.requested.toLowerCase() !== name) return false;
  unverified.set(ctx, name);
  return true;
}

function logoutAllowedThroughPlaceholder(client: ClientLike, value: string): boolean {
  const ctx = Provider.ctx as KoaContextWithOIDC | undefined;
  if (!ctx || !usesOrganizations(client)) return false;
  const name = organizationNameInUrl(client.postLogoutRedirectUris ?? [], value);
  if (name === undefined) return false;
  // The organization of the login the validated id_token_hint comes from.
  const hint = (ctx.oidc.entities as { IdTokenHint?: { payload: Record<string, unknown> } }).IdTokenHint?.payload;
  const orgId = hint?.org_id;
  const found = known.get(ctx);
  return typeof orgId === 'string' && found !== undefined && found.id === orgId && found.requested === orgId && found.name === name;
}

/** Installs the placeholder on the provider's Client class and the look-up before its routes. */
export function installOrganizationUrls(
  provider: Provider,
  services: Services,
  routes: { authorization: string; end_session: string },
): void {
  provider.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === routes.authorization) {
      const requested = requestedOrganization(ctx.query as Record<string, unknown>);
      if (lookupable(requested)) {
        const org = await services.signIn.findOrganization(requested);
        if (org) known.set(ctx, { requested, id: org.id, name: org.name });
      }
    } else if (ctx.method === 'GET' && ctx.path === routes.end_session && typeof ctx.query.id_token_hint === 'string') {
      // Only a look-up: oidc-provider validates the hint, and the check above compares with its org_id.
      let orgId: unknown;
      try {
        orgId = decodeJwt(ctx.query.id_token_hint).org_id;
      } catch {
        orgId = undefined;
      }
      if (lookupable(orgId)) {
        const org = await services.signIn.findOrganization(orgId);
        if (org) known.set(ctx, { requested: orgId, id: org.id, name: org.name });
      }
    }
    await next();
  });

  const prototype = provider.Client.prototype as unknown as {
    redirectUriAllowed(this: ClientLike, value: string): boolean;
    postLogoutRedirectUriAllowed(this: ClientLike, value: string): boolean;
  };
  const exactRedirect = prototype.redirectUriAllowed;
  const exactLogout = prototype.postLogoutRedirectUriAllowed;
  prototype.redirectUriAllowed = function redirectUriAllowed(value) {
    if (typeof value !== 'string' || hasOrganizationPlaceholder(value)) return false;
    return exactRedirect.call(this, value) || redirectAllowedThroughPlaceholder(this, value);
  };
  prototype.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(value) {
    if (typeof value !== 'string' || hasOrganizationPlaceholder(value)) return false;
    return exactLogout.call(this, value) || logoutAllowedThroughPlaceholder(this, value);
  };
}

/**
 * Finishes a placeholder match that had to wait for the database (a POST or pushed authorization
 * request): the organization must exist and bear the name in the URL, else invalid_redirect_uri,
 * which oidc-provider shows as a page rather than sending it to the unverified URL.
 */
export function createOrganizationRedirectCheck(services: Services) {
  return async (ctx: KoaContextWithOIDC): Promise<void> => {
    const name = unverified.get(ctx);
    if (name === undefined) return;
    unverified.delete(ctx);
    const requested = requestedOrganization(ctx.oidc.params as Record<string, unknown> | undefined);
    const org = lookupable(requested) ? await services.signIn.findOrganization(requested) : undefined;
    if (!org || org.name !== name) throw new errors.InvalidRedirectUri();
  };
}
