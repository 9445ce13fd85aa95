/** Upstream OpenID Connect sign-in for enterprise connections (strategies oidc, okta, waad). */
export { createOidcUpstream, newUpstreamChecks } from './upstream-client.js';
export type { OidcUpstream, OidcUpstreamDeps, UpstreamLoginChecks, AuthorizationExtras } from './upstream-client.js';
export { readOidcSettings, OIDC_STRATEGIES, DEFAULT_SCOPE } from './settings.js';
export type { OidcSettings, OidcStrategy, ClaimsMapping } from './settings.js';
export type { IdpAnswer } from './upstream-errors.js';
