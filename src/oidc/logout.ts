import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Services } from '../domain/services.js';
import { logoutPage } from './logout-pages.js';

type Middleware = Parameters<Provider['use']>[0];
type CookieOptions = Parameters<KoaContextWithOIDC['cookies']['set']>[2];

/** Auth0's logout endpoint, which auth0-spa-js and express-openid-connect (`auth0Logout`) call. */
export const AUTH0_LOGOUT_PATH = '/v2/logout';

/** The end-session requests that /v2/logout made, which end the session without asking. */
const auth0Logouts = new WeakSet<object>();

function refuse(ctx: Parameters<Middleware>[0], description: string): void {
  ctx.status = 400;
  ctx.type = 'json';
  ctx.body = { error: 'invalid_request', error_description: description };
}

/**
 * `GET /v2/logout?returnTo=…&client_id=…&federated`, as Auth0: `returnTo` must be one of the
 * application's allowed logout URLs (Gatehouse has no tenant-level list, so a `returnTo` needs
 * `client_id`); without `returnTo` the application's first allowed logout URL is used. The request
 * becomes oidc-provider's end-session request, marked to end the whole session without the
 * confirmation page. `federated` is accepted and ignored: upstream IdP sessions are left alone.
 */
export function auth0Logout(provider: Provider, services: Services, endSessionPath: string): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== AUTH0_LOGOUT_PATH) return next();
    if (ctx.method !== 'GET') {
      ctx.status = 405;
      ctx.set('allow', 'GET');
      return undefined;
    }
    const { returnTo, client_id: clientId } = ctx.query;
    if (Array.isArray(returnTo) || Array.isArray(clientId)) return refuse(ctx, 'returnTo and client_id may be given once');
    const client = clientId ? await services.clients.find(clientId) : undefined;
    if (clientId && !client) return refuse(ctx, `Unknown client: ${clientId}`);
    if (returnTo !== undefined && !client?.allowed_logout_urls.includes(returnTo)) {
      return refuse(
        ctx,
        client
          ? `The "returnTo" querystring parameter "${returnTo}" is not defined as a valid URL in "Allowed Logout URLs".`
          : 'The "returnTo" querystring parameter needs "client_id": allowed logout URLs are set per application.',
      );
    }
    const target = returnTo ?? client?.allowed_logout_urls[0];
    // No session cookie: nothing to end, straight back to the application.
    if (!ctx.cookies.get(provider.cookieName('session')) && target) {
      ctx.status = 302;
      return ctx.redirect(target);
    }
    const query = new URLSearchParams();
    if (clientId) query.set('client_id', clientId);
    if (target) query.set('post_logout_redirect_uri', target);
    ctx.path = endSessionPath;
    ctx.querystring = query.toString();
    auth0Logouts.add(ctx);
    return next();
  };
}

/** Revokes what a grant issued and the grant itself, as oidc-provider's own logout does. */
async function revokeGrant(provider: Provider, grantId: string): Promise<void> {
  await Promise.all([
    provider.AccessToken.revokeByGrantId(grantId),
    provider.RefreshToken.revokeByGrantId(grantId),
    provider.AuthorizationCode.revokeByGrantId(grantId),
    provider.Grant.adapter.destroy(grantId),
  ]);
}

/**
 * Ends the whole session at once, as oidc-provider's confirmation does with `logout=yes`: every
 * grant of the session is revoked except those kept past logout (offline_access), the session is
 * destroyed and its cookie cleared, then back to the application's logout URL with its `state`.
 */
async function endSession(ctx: KoaContextWithOIDC, cookieOptions: CookieOptions): Promise<void> {
  const { session, provider, params } = ctx.oidc;
  const authorizations =
    (session as unknown as { authorizations?: Record<string, { grantId?: string; persistsLogout?: boolean }> }).authorizations ?? {};
  for (const authorization of Object.values(authorizations)) {
    if (authorization.grantId && !authorization.persistsLogout) await revokeGrant(provider, authorization.grantId);
  }
  await session!.destroy();
  ctx.cookies.set(provider.cookieName('session'), null, cookieOptions);
  const uri = typeof params?.post_logout_redirect_uri === 'string' ? params.post_logout_redirect_uri : undefined;
  let target = ctx.oidc.urlFor('end_session_success');
  if (uri) {
    const url = new URL(uri);
    if (typeof params?.state === 'string') url.searchParams.set('state', params.state);
    target = url.toString();
  }
  provider.emit('end_session.success', ctx);
  ctx.status = 303;
  ctx.redirect(target);
}

/**
 * Whether the logout may skip the confirmation: it came through /v2/logout (Auth0 never asks), or
 * it carries an `id_token_hint` that oidc-provider has verified, for this session's user, together
 * with a registered `post_logout_redirect_uri` (oidc-provider refused it already if unregistered).
 * Without a hint the page asks: a cross-site link cannot sign anyone out.
 */
function mayEndWithoutAsking(ctx: KoaContextWithOIDC): boolean {
  if (auth0Logouts.has(ctx)) return true;
  const hint = ctx.oidc.entities.IdTokenHint;
  return (
    hint !== undefined && typeof ctx.oidc.params?.post_logout_redirect_uri === 'string' && hint.payload.sub === ctx.oidc.session?.accountId
  );
}

/** oidc-provider's `rpInitiatedLogout.logoutSource`: end at once when allowed, else the confirmation page. */
export function createLogoutSource(cookieOptions: CookieOptions) {
  return async (ctx: KoaContextWithOIDC, form: string): Promise<void> => {
    if (mayEndWithoutAsking(ctx)) return endSession(ctx, cookieOptions);
    ctx.type = 'html';
    ctx.body = logoutPage(form);
    return undefined;
  };
}
