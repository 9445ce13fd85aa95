import Provider, { errors, interactionPolicy, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../domain/shared/clock.js';
import type { KeySet } from '../domain/keys/key-set.js';
import type { Services } from '../domain/services.js';
import { createPayloadAdapter } from './adapter.js';
import { createFindAccount } from './account.js';
import { createLoadExistingGrant } from './organization-grants.js';
import { createExtraTokenClaims } from './token-claims.js';
import { MFA_ACR } from '../domain/mfa/mfa.types.js';
import { requestedOrganization } from '../shared/authorization-params.js';
import { apiAccess } from './access.js';
import { myOrgScope } from './my-org-access.js';
import { myAccountScope } from './my-account-access.js';
import { tokenSource } from './token-source.js';
import { pinOrigin } from './pin-origin.js';
import { logoutSuccessPage } from './logout-pages.js';
import { auth0Logout, createLogoutSource } from './logout.js';
import { createUserinfoAudience } from './userinfo-audience.js';
import { acceptLegacyIdTokenHint } from './legacy-id-token-hint.js';
import { refreshTokensWithoutNonce } from './refresh-without-nonce.js';
import { RETRY_AFTER_SECONDS } from '../domain/database-unavailable.js';
import { issuerIdentifier } from '../config/config.js';
import { guarded, guardedAdapter } from './unavailable.js';
import { createOrganizationRedirectCheck, installOrganizationUrls } from './organization-urls.js';
import { registerPasswordGrants } from './password-grant.js';
import { recordProtocolEvents } from './token-events.js';
import { followKeySet } from './keys.js';
import { installWebMessagePage } from './web-message.js';

export interface ProviderDeps {
  clock: Clock;
  /** The base URL (config.issuer, no trailing slash). */
  issuer: string;
  /** The signing keys at start; the provider follows `services.keys` from then on (oidc/keys.ts). */
  keySet: KeySet;
  cookieKeys: string[];
  services: Services;
  orgNameClaim: boolean;
  /** Serve cookies with the Secure flag (issuer on https). */
  secureCookies: boolean;
}

/** Auth0's paths for the protocol endpoints. */
export const OIDC_ROUTES = {
  authorization: '/authorize',
  token: '/oauth/token',
  userinfo: '/userinfo',
  jwks: '/.well-known/jwks.json',
  end_session: '/oidc/logout',
  revocation: '/oauth/revoke',
  // RFC 9126 pushed authorization requests, at Auth0's path.
  pushed_authorization_request: '/oauth/par',
} as const;

/** The OpenID Connect scopes (every other scope belongs to an API). */
const OIDC_SCOPES = ['openid', 'offline_access', 'profile', 'email'];

/** Authorization parameters beyond OIDC's: Auth0's and Kinde's. */
export const EXTRA_PARAMS = ['audience', 'organization', 'org_code', 'invitation', 'organization_name', 'connection', 'screen_hint'];

/**
 * Each extra parameter is refused with invalid_request when it holds U+0000: the hosted login
 * looks these up in the database, where PostgreSQL cannot compare such text. oidc-provider runs
 * these checks on /authorize and /oauth/par alike.
 */
const EXTRA_PARAM_CHECKS = Object.fromEntries(
  EXTRA_PARAMS.map((name) => [
    name,
    (_ctx: unknown, value: unknown) => {
      if (typeof value === 'string' && value.includes('\u0000')) throw new errors.InvalidRequest(`${name} must not contain NUL characters`);
    },
  ]),
);

/** The application's allowed web origins: extraClientMetadata keeps the `web_origins` name on the client. */
function webOriginsOf(client: object): string[] {
  const value = (client as { web_origins?: unknown }).web_origins;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Auth0 answers `response_mode=web_message` only to the application's allowed web origins: the
 * page posting the response must be embedded in, or opened by, one of them. oidc-provider runs
 * this with the other authorization parameter checks (on /authorize and /oauth/par), after the
 * client is known; the error is shown, never posted to the refused origin.
 */
function checkWebMessageOrigin(ctx: KoaContextWithOIDC, value: string | undefined, client: object): void {
  if (typeof value !== 'string' || !value.startsWith('web_message')) return;
  const redirectUri = ctx.oidc.params?.redirect_uri;
  const origin = typeof redirectUri === 'string' && URL.canParse(redirectUri) ? new URL(redirectUri).origin : undefined;
  if (origin && webOriginsOf(client).includes(origin)) return;
  const error = new errors.InvalidRequest(
    "response_mode=web_message requires the redirect_uri origin to be one of the application's allowed web origins",
  );
  error.allow_redirect = false;
  throw error;
}

/**
 * Maps a stored application to oidc-provider client metadata. The application comes from the
 * configuration cache (oidc-provider asks for it on every request); oidc-provider keeps one Client
 * per distinct metadata, so an unchanged application is not validated again.
 */
async function loadClientMetadata(services: Services, clientId: string): Promise<ClientMetadata | undefined> {
  // A client id holding U+0000 names no client (and PostgreSQL refuses it in a query).
  if (clientId.includes('\u0000')) return undefined;
  const client = await services.clients.find(clientId);
  if (!client) return undefined;
  // Copies: the cached application is frozen and shared, and the metadata is oidc-provider's.
  return {
    client_id: client.client_id,
    client_secret: client.client_secret,
    client_name: client.name,
    grant_types: [...client.grant_types],
    response_types: client.grant_types.includes('authorization_code') && client.callbacks.length > 0 ? ['code'] : [],
    redirect_uris: [...client.callbacks],
    post_logout_redirect_uris: [...client.allowed_logout_urls],
    web_origins: [...client.web_origins],
    organization_usage: client.organization_usage,
    token_endpoint_auth_method: client.token_endpoint_auth_method,
    // Native apps may register custom-scheme and loopback redirect URIs (RFC 8252).
    application_type: client.app_type === 'native' ? 'native' : 'web',
  };
}

/** Auth0 sends the API as `audience`; RFC 8707 calls it `resource`. */
function requestedAudience(ctx: KoaContextWithOIDC): string | undefined {
  const body = ctx.oidc.body as Record<string, unknown> | undefined;
  const value = body?.audience ?? (ctx.oidc.params as Record<string, unknown> | undefined)?.audience ?? ctx.query.audience;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isClientCredentials(ctx: KoaContextWithOIDC): boolean {
  return ctx.oidc.route === 'token' && (ctx.oidc.params as Record<string, unknown> | undefined)?.grant_type === 'client_credentials';
}

type GetResourceServerInfo = NonNullable<
  NonNullable<NonNullable<Configuration['features']>['resourceIndicators']>['getResourceServerInfo']
>;

/** Builds the oidc-provider instance; all of its state goes through the database adapter. */
export function createProvider({ clock, issuer, keySet, cookieKeys, services, orgNameClaim, secureCookies }: ProviderDeps): Provider {
  const checkOrganizationRedirect = createOrganizationRedirectCheck(services);
  const sessionCookie = { signed: true, httpOnly: true, sameSite: 'lax' as const, secure: secureCookies };
  const userinfoAudience = createUserinfoAudience({
    store: services.protocolStore,
    clock,
    issuer,
    verificationKey: services.keys.verificationKey,
    oidcScopes: OIDC_SCOPES,
    path: OIDC_ROUTES.userinfo,
  });
  const configuration: Configuration = {
    adapter: (name: string) => {
      if (name === 'Client') {
        return guardedAdapter({
          find: (id: string) => loadClientMetadata(services, id),
          upsert: async () => {},
          consume: async () => {},
          destroy: async () => {},
          revokeByGrantId: async () => {},
          findByUid: async () => undefined,
          findByUserCode: async () => undefined,
        });
      }
      const adapter = createPayloadAdapter(services.protocolStore, name);
      return guardedAdapter(name === 'RefreshToken' ? refreshTokensWithoutNonce(adapter) : adapter);
    },
    jwks: { keys: keySet.published as NonNullable<Configuration['jwks']>['keys'] },
    cookies: {
      keys: cookieKeys,
      long: sessionCookie,
      short: { signed: true, httpOnly: true, sameSite: 'lax', secure: secureCookies },
    },
    routes: OIDC_ROUTES,
    extraParams: {
      ...EXTRA_PARAM_CHECKS,
      // A redirect_uri matched through {organization_name} before its organization was looked up.
      organization: async (ctx, value) => {
        EXTRA_PARAM_CHECKS.organization(ctx, value);
        await checkOrganizationRedirect(ctx);
      },
      response_mode: checkWebMessageOrigin,
    },
    interactions: { url: (_ctx, interaction) => `/login/${interaction.uid}`, policy: interactionPolicyWithAccountCheck(services) },
    // Auth0's multi-factor acr: asked with acr_values, set by the login once a second factor is proved.
    acrValues: [MFA_ACR],
    claims: {
      // amr and acr: how the user authenticated (RFC 8176), and the multi-factor acr once a second factor is proved.
      openid: ['sub', 'org_id', 'org_name', 'amr', 'acr'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'nickname', 'picture', 'updated_at'],
    },
    // Auth0 puts the profile and email claims in the ID token.
    conformIdTokenClaims: false,
    scopes: OIDC_SCOPES,
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 86400,
      AuthorizationCode: 60,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 86400,
      IdToken: 36000,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 30 * 24 * 3600,
      RefreshToken: 30 * 24 * 3600,
    },
    // Refresh tokens rotate on every use; oidc-provider revokes the whole grant when a used one comes back.
    rotateRefreshToken: true,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      // auth0-spa-js's getTokenSilently (iframe) and loginWithPopup: the response is posted to the
      // redirect URI's origin, which must be one of the application's web origins (checkWebMessageOrigin),
      // by a page of our own that leaves closing the popup to the opener (web-message.ts).
      webMessageResponseMode: { enabled: true, ack: 'individual-draft-01' },
      // Stated, not left to oidc-provider's default: discovery advertises it, so it must be routed.
      pushedAuthorizationRequests: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: createLogoutSource(sessionCookie),
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = logoutSuccessPage();
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx) => requestedAudience(ctx) ?? undefined!,
        useGrantedResource: () => true,
        getResourceServerInfo: guarded(
          async (ctx: KoaContextWithOIDC, resourceIndicator: string, client: Parameters<GetResourceServerInfo>[2]) => {
            const api = await services.resourceServers.findByIdentifier(resourceIndicator);
            if (!api) throw new errors.InvalidTarget(`Service not found: ${resourceIndicator}`);
            const info = {
              audience: api.identifier,
              accessTokenTTL: api.token_lifetime,
              accessTokenFormat: 'jwt' as const,
              jwt: { sign: { alg: 'RS256' as const } },
            };
            if (api.system_api === 'my_org') return { ...info, scope: await myOrgScope(ctx, services, api, client.clientId) };
            if (api.system_api === 'my_account') return { ...info, scope: await myAccountScope(ctx, services, api, client.clientId) };
            if (!isClientCredentials(ctx)) {
              const all = api.scopes.map((s) => s.value);
              // When the token is minted, a user gets only the scopes their roles permit on this API
              // (RBAC enforced, as with Auth0's "Enable RBAC"), whatever the application asked for.
              const source = tokenSource(ctx);
              if (ctx.oidc.route === 'token' && source?.accountId) {
                // Management API scopes come from tenant-level roles only: an organization's roles never
                // give power over the whole tenant.
                // And only through the console: an administrator signing in to any other application
                // must not hand it a token with power over the tenant.
                const permissions = api.is_system
                  ? (await isConsoleClient(services, client.clientId))
                    ? await tenantPermissions(services, source.accountId, api.identifier)
                    : []
                  : (await apiAccess(services, { userId: source.accountId, grantId: source.grantId, audience: api.identifier }))
                      .permissions;
                return { ...info, scope: all.filter((s) => permissions.includes(s)).join(' ') };
              }
              return { ...info, scope: all.join(' ') };
            }
            const grant = await services.clientGrants.find(client.clientId, api.identifier);
            // A grant for user-delegated access gives the application nothing of its own.
            if (grant?.subject_type !== 'client') {
              throw new errors.AccessDenied(
                `Client is not authorized to access "${api.identifier}". You need to create a "client-grant" associated to this API.`,
              );
            }
            // Auth0 grants every scope of the client grant when the request names none.
            if (ctx.oidc.params && !ctx.oidc.params.scope) {
              (ctx.oidc.params as Record<string, unknown>).scope = grant.scope.join(' ');
            }
            return { ...info, scope: grant.scope.join(' ') };
          },
        ),
      },
    },
    // A browser application may call the token endpoint from its web origins and, as in Auth0,
    // from the origins of its callback URLs.
    // organization_usage: callback and logout URLs with {organization_name} apply only where it is allow or require.
    extraClientMetadata: { properties: ['web_origins', 'organization_usage'] },
    clientBasedCORS: (_ctx, origin, client) => {
      // `null` is the origin of sandboxed frames and files, and of custom-scheme URIs: never a match.
      if (origin === 'null') return false;
      const row = client as unknown as { redirectUris?: string[] };
      if (webOriginsOf(client).includes(origin)) return true;
      return (row.redirectUris ?? []).some((uri) => /^https?:\/\//.test(uri) && URL.canParse(uri) && new URL(uri).origin === origin);
    },
    formats: { customizers: { jwt: guarded(userinfoAudience.customizeJwt) as never } },
    findAccount: guarded(createFindAccount(services)),
    loadExistingGrant: guarded(createLoadExistingGrant(services)),
    extraTokenClaims: guarded(createExtraTokenClaims(services, { orgNameClaim })) as Configuration['extraTokenClaims'],
    renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = out;
    },
  };
  // `iss` is the base URL plus `/`, Auth0's form; oidc-provider builds its endpoint URLs from the
  // request (pinned to the issuer's origin), so they stay `<issuer>/authorize` and so on.
  const provider = new Provider(issuerIdentifier({ issuer }), configuration);
  registerPasswordGrants(provider, {
    services,
    clock,
    getResourceServerInfo: configuration.features!.resourceIndicators!.getResourceServerInfo!,
    findAccount: configuration.findAccount!,
  });
  recordProtocolEvents(provider, services);
  installWebMessagePage(provider);
  provider.use(pinOrigin(issuer));
  // Before the routes: the request signs and verifies with the key set of this instant.
  provider.use(followKeySet(provider, services.keys.keySet, keySet));
  provider.use(userinfoAudience.acceptJwt);
  provider.use(acceptLegacyIdTokenHint({ issuer, verificationKey: services.keys.verificationKey, path: OIDC_ROUTES.end_session }));
  installOrganizationUrls(provider, services, OIDC_ROUTES);
  provider.use(auth0Logout(provider, services, OIDC_ROUTES.end_session));
  provider.use(async (ctx, next) => {
    // Pushed (PAR) and POSTed authorization requests get the same in src/http/mount-oidc.ts.
    if (ctx.method === 'GET' && ctx.path === OIDC_ROUTES.authorization && needsConsentPrompt(ctx.query.scope, ctx.query.prompt)) {
      ctx.query = { ...ctx.query, prompt: 'consent' };
    }
    await next();
    if (ctx.status === 503) ctx.set('retry-after', String(RETRY_AFTER_SECONDS));
    if (ctx.path.startsWith(`${OIDC_ROUTES.authorization}/`) && ctx.status === 303) await appendRefusalCode(ctx, services);
  });
  return provider;
}

/**
 * Auth0 issues refresh tokens for `offline_access` without `prompt=consent`; oidc-provider (per
 * OIDC Core §11) drops the scope unless consent is prompted. An authorization request that asks for
 * `offline_access` and names no prompt is given the consent prompt, which keeps the scope;
 * first-party applications get it granted without a page.
 */
export function needsConsentPrompt(scope: unknown, prompt: unknown): boolean {
  return prompt === undefined && typeof scope === 'string' && scope.split(' ').includes('offline_access');
}

/** Whether `clientId` is the admin console (bootstrap records its id). */
async function isConsoleClient(services: Services, clientId: string): Promise<boolean> {
  return (await services.settings.consoleClientId()) === clientId;
}

/** The permissions a user's tenant-level roles grant on an API. */
async function tenantPermissions(services: Services, userId: string, audience: string): Promise<string[]> {
  const roles = await services.accounts.tenantRoles(userId);
  return services.roles.permissionsFor(
    roles.map((r) => r.id),
    audience,
  );
}

/**
 * A refused login reaches the application as `error=access_denied` with Auth0's description; the
 * stable reason (`not_a_member`, `invitation_invalid`, …) rides along as `error_code`.
 */
async function appendRefusalCode(
  ctx: { path: string; response: { get(field: string): string }; set(field: string, value: string): void },
  services: Services,
): Promise<void> {
  const location = ctx.response.get('location');
  if (!location?.includes('error=')) return;
  const uid = ctx.path.slice(OIDC_ROUTES.authorization.length + 1);
  const code = await services.protocolStore.refusalCode(uid);
  if (!code) return;
  const url = new URL(location);
  if (!url.searchParams.has('error')) return;
  url.searchParams.set('error_code', code);
  ctx.set('location', url.toString());
}

/**
 * oidc-provider's prompts, plus two login checks: a session whose account can no longer sign in
 * (blocked or deleted behind the services' back, so nothing revoked the session) needs a new
 * login, which prompt=none answers with login_required, instead of reaching the consent check
 * without an account; and a session without a second factor asked into an organization whose MFA
 * policy requires one (or with Auth0's multi-factor acr_values) needs the MFA step of the login,
 * which prompt=none answers with interaction_required.
 */
function interactionPolicyWithAccountCheck(services: Services) {
  const { Check, base } = interactionPolicy;
  const policy = base();
  const login = policy.get('login')!;
  login.checks.add(
    new Check('account_unavailable', 'End-User authentication is required', 'login_required', (ctx) =>
      ctx.oidc.session?.accountId && !ctx.oidc.account ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT,
    ),
  );
  login.checks.add(
    new Check('mfa_required', 'Multi-factor authentication is required', 'interaction_required', async (ctx) => {
      const session = ctx.oidc.session;
      if (!session?.accountId || !ctx.oidc.account) return Check.NO_NEED_TO_PROMPT;
      const params = ctx.oidc.params as Record<string, unknown>;
      const wanted = requestedOrganization(params);
      // Lazily: most requests are settled by the session's amr or the tenant policy alone, without a query.
      const needed = await services.mfa.requirement({
        userId: session.accountId,
        organizationId: wanted,
        // The session's own grants say which connection it signed in with (an exempt IdP's MFA counts).
        connection: async () => {
          const id = await services.signIn.connectionOfGrants(
            Object.values(session.authorizations ?? {}).flatMap((a) => (a.grantId ? [a.grantId] : [])),
          );
          return id ? { id } : undefined;
        },
        proved: session.amr ?? [],
        acrValues: typeof params.acr_values === 'string' ? params.acr_values : undefined,
      });
      return needed === 'none' ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
  );
  return policy;
}
