import type { DomainError } from '../domain/errors.js';
import type { Connection } from '../domain/connections/connections.types.js';
import type { FederatedProfile } from './profile.js';

/** The SAML service provider as the login pages use it (src/federation/saml). */
export interface SamlServiceProvider {
  loginRedirect(connection: Connection, relayState: string): Promise<{ url: string; requestId: string }>;
  validatePostedResponse(
    connection: Connection,
    body: { SAMLResponse: string; RelayState?: string },
    options: { expectedRequestId: string },
  ): Promise<FederatedProfile>;
  /** Why a response no sign-in in progress awaits is refused: IdP-initiated, replayed or for an expired request. */
  refusalForUnawaited(connection: Pick<Connection, 'id'>, samlResponse: unknown, detail: string): Promise<DomainError>;
}

/** An upstream OAuth 2.0 sign-in as the login pages use it: OpenID Connect (src/federation/oidc) and GitHub (src/federation/github). */
export interface OAuthUpstream {
  authorizationUrl(
    connection: Connection,
    input: { redirectUri: string; state: string; nonce: string; codeVerifier: string },
    extras?: { requestParams?: Record<string, unknown> },
  ): Promise<string>;
  completeCallback(
    connection: Connection,
    callbackUrl: URL,
    input: { redirectUri: string; state: string; nonce: string; codeVerifier: string },
  ): Promise<FederatedProfile>;
}

export interface Federation {
  saml?: SamlServiceProvider;
  /** Enterprise OIDC connections and Google (`google-oauth2`). */
  oidc: OAuthUpstream;
  github: OAuthUpstream;
  /** Where upstream OIDC IdPs, Google and GitHub send the browser back: one fixed URL for every connection. */
  oidcRedirectUri: string;
}
