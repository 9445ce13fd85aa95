import * as client from 'openid-client';
import { DomainError } from '../../domain/errors.js';
import type { OidcSettings } from './settings.js';

/** What the messages name: the connection (every upstream client has one). */
type Named = Pick<OidcSettings, 'connectionName'>;

/**
 * Turns what openid-client throws into DomainErrors with stable codes. Messages are for the login
 * page; `cause` keeps the IdP's own answer for the admin-facing log.
 */

/** The IdP's answer, trimmed to what an administrator needs to read in the log. */
export interface IdpAnswer {
  connection: string;
  step: 'discovery' | 'token' | 'userinfo' | 'id_token' | 'callback';
  status?: number;
  error?: string;
  error_description?: string;
  detail: string;
  original: unknown;
}

function answer(settings: Named, step: IdpAnswer['step'], err: unknown): IdpAnswer {
  const base = { connection: settings.connectionName, step, original: err, detail: err instanceof Error ? err.message : String(err) };
  if (err instanceof client.ResponseBodyError) {
    return { ...base, status: err.status, error: err.error, error_description: err.error_description };
  }
  if (err instanceof client.WWWAuthenticateChallengeError) {
    const challenge = err.cause[0];
    return { ...base, status: err.status, error: challenge?.parameters.error, error_description: challenge?.parameters.error_description };
  }
  return base;
}

function clientAuthFailed(settings: Named, idp: IdpAnswer): DomainError {
  return new DomainError(
    'idp_client_auth_failed',
    `The identity provider rejected Gatehouse's client ID or secret for the connection "${settings.connectionName}". An administrator must correct the connection's client_id and client_secret.`,
    { cause: idp },
  );
}

/** Discovery failed: the IdP is down, the URL is wrong, or it served no valid metadata. */
export function discoveryError(settings: OidcSettings, err: unknown): DomainError {
  return new DomainError(
    'idp_unreachable',
    `The identity provider for the connection "${settings.connectionName}" could not be reached at ${settings.discoveryUrl.href}. Try again later; if it persists, an administrator must check the connection's discovery_url or issuer.`,
    { cause: answer(settings, 'discovery', err) },
  );
}

function isNetworkError(err: unknown): boolean {
  // fetch() rejects with a TypeError on connection failures; openid-client wraps timeouts.
  if (err instanceof TypeError && !(err instanceof client.ClientError))
    return !('code' in err && String(err.code).startsWith('ERR_INVALID'));
  return err instanceof client.ClientError && (err.code === 'OAUTH_TIMEOUT' || err.code === 'OAUTH_ABORT');
}

/** The code exchange or the ID token check failed. */
export function tokenError(settings: Named, err: unknown): DomainError {
  const idp = answer(settings, 'token', err);
  // RFC 6749 §5.2: invalid_client, normally with 401, is the token endpoint refusing our credentials.
  if (idp.error === 'invalid_client' || idp.status === 401) return clientAuthFailed(settings, idp);
  if (isNetworkError(err)) {
    return new DomainError(
      'idp_unreachable',
      `The identity provider for the connection "${settings.connectionName}" could not be reached. Try again later.`,
      { cause: idp },
    );
  }
  if (err instanceof client.ResponseBodyError) {
    // invalid_grant and friends: an expired or replayed code, a redirect_uri or PKCE mismatch.
    return new DomainError(
      'idp_response_invalid',
      `The identity provider for the connection "${settings.connectionName}" refused to complete the sign-in (${err.error}). Try signing in again.`,
      { cause: idp },
    );
  }
  return new DomainError(
    'idp_response_invalid',
    `The identity provider for the connection "${settings.connectionName}" returned a response that failed validation. Try signing in again; if it persists, an administrator must check the connection.`,
    { cause: { ...idp, step: 'id_token' } satisfies IdpAnswer },
  );
}

/** Userinfo failed after a valid ID token; mapped like the token step (its 401 means a bad token, though). */
export function userinfoError(settings: Named, err: unknown): DomainError {
  const idp = answer(settings, 'userinfo', err);
  if (isNetworkError(err)) {
    return new DomainError(
      'idp_unreachable',
      `The identity provider for the connection "${settings.connectionName}" could not be reached. Try again later.`,
      { cause: idp },
    );
  }
  return new DomainError(
    'idp_response_invalid',
    `The identity provider for the connection "${settings.connectionName}" did not return the user's profile. Try signing in again; if it persists, an administrator must check the connection.`,
    { cause: idp },
  );
}

/** The callback's state is not the one this login sent: a forged or crossed callback (RFC 6749 §10.12). */
export function stateMismatch(settings: Named): DomainError {
  return new DomainError(
    'idp_state_mismatch',
    `The sign-in response from the connection "${settings.connectionName}" does not belong to this sign-in. Start again from the application.`,
    { cause: { connection: settings.connectionName, step: 'callback', detail: 'state mismatch' } },
  );
}

/** The IdP answered the authorization request with an error (RFC 6749 §4.1.2.1). */
export function idpDenied(settings: Named, error: string, description: string | null): DomainError {
  const reason = description ? `: ${description}` : ` (${error}).`;
  return new DomainError(
    'idp_denied',
    `The identity provider for the connection "${settings.connectionName}" did not sign you in${reason}`,
    { cause: { connection: settings.connectionName, step: 'callback', error, error_description: description ?? undefined, detail: error } },
  );
}
