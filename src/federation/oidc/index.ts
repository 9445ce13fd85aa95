/** Upstream OpenID Connect sign-in for enterprise connections (strategies oidc, okta, waad) and Google (google-oauth2). */
export { createOidcUpstream, newUpstreamChecks } from './upstream-client.js';
export type { OidcUpstream, OidcUpstreamDeps, UpstreamLoginChecks, AuthorizationExtras } from './upstream-client.js';
export { readOidcSettings, OIDC_STRATEGIES, DEFAULT_SCOPE, GOOGLE_DISCOVERY_URL } from './settings.js';
export type { OidcSettings, OidcStrategy, ClaimsMapping, OidcProviderDefaults } from './settings.js';
export type { IdpAnswer } from './upstream-errors.js';
