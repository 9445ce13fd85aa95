import { DomainError } from '../../domain/errors.js';

// Messages are shown to the person signing in: they say what happened, never how the check works.
// The library's detail stays in `cause`, for the log.

/** The IdP's response failed a check: signature, audience, time window, shape… */
export function invalidResponse(message: string, cause?: unknown): DomainError {
  return new DomainError('saml_invalid_response', message, { cause });
}

/** A response this server did not ask for (IdP-initiated, or for another sign-in attempt). */
export function unsolicitedResponse(cause?: unknown): DomainError {
  return new DomainError('saml_unsolicited_response',
    'This sign-in response was not requested here. Start the sign-in again from the application.', { cause });
}

/** The response (or its assertion) was already used once. */
export function replayedResponse(cause?: unknown): DomainError {
  return new DomainError('saml_replayed_response',
    'This sign-in response was already used. Start the sign-in again from the application.', { cause });
}

/** The connection lacks what SAML needs (SSO URL, signing certificate) or holds unreadable values. */
export function misconfigured(detail: string): DomainError {
  return new DomainError('saml_connection_misconfigured',
    'Single sign-on for this organization is not configured correctly. Contact your administrator.',
    { cause: new Error(detail) });
}

/** Default message for a response that fails verification. */
export const NOT_VERIFIED = 'The sign-in response from your identity provider could not be verified. Try again or contact your administrator.';
