import { DomainError } from '../../domain/errors.js';

// Messages are shown to the person signing in: they say what happened, never how the check works.
// Which check failed, and what it saw, travels in `cause` (a SamlCheckFailure), for the log.

/** The check that refused a response; logged for the administrator, never shown to the person. */
export type SamlRefusalReason =
  | 'malformed'
  | 'too_large'
  | 'algorithm'
  | 'idp_status'
  | 'signature'
  | 'audience'
  | 'issuer'
  | 'recipient'
  | 'destination'
  | 'time_window'
  | 'in_response_to'
  | 'expired_request'
  | 'replay'
  | 'unsolicited';

/**
 * The cause of a refused response: the failed check and a short detail written by us (names, URLs,
 * timestamps, ids: never the assertion, its NameID or its attribute values).
 */
export class SamlCheckFailure extends Error {
  readonly reason: SamlRefusalReason;

  constructor(reason: SamlRefusalReason, detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.name = 'SamlCheckFailure';
    this.reason = reason;
  }
}

/** The IdP's response failed a check: signature, audience, time window, shape… */
export function invalidResponse(message: string, reason: SamlRefusalReason, detail: string, cause?: unknown): DomainError {
  return new DomainError('saml_invalid_response', message, { cause: new SamlCheckFailure(reason, detail, { cause }) });
}

/** A response that answers no request at all: sign-in started at the IdP (IdP-initiated). */
export function unsolicitedResponse(detail: string): DomainError {
  return new DomainError(
    'saml_unsolicited_response',
    "Signing in from your identity provider's portal (IdP-initiated sign-in) is not supported.",
    { cause: new SamlCheckFailure('unsolicited', detail) },
  );
}

/** A response to a request that is no longer waiting here: it expired, was answered, or was replaced. */
export function expiredRequest(reason: 'in_response_to' | 'expired_request', detail: string): DomainError {
  return new DomainError(
    'saml_request_expired',
    'Your identity provider answered a sign-in that is no longer waiting here: it took too long, or a newer sign-in was started.',
    { cause: new SamlCheckFailure(reason, detail) },
  );
}

/** The response (or its assertion) was already used once. */
export function replayedResponse(detail: string): DomainError {
  return new DomainError(
    'saml_replayed_response',
    'This response from your identity provider was already used once, and a response can be used only once.',
    { cause: new SamlCheckFailure('replay', detail) },
  );
}

/** The connection lacks what SAML needs (SSO URL, signing certificate) or holds unreadable values. */
export function misconfigured(detail: string): DomainError {
  return new DomainError(
    'saml_connection_misconfigured',
    'Single sign-on for this organization is not configured correctly. Contact your administrator.',
    { cause: new Error(detail) },
  );
}

/** The failed check of a refused response, for the log: from its cause, `malformed` when unknown. */
export function refusalReason(error: DomainError): { reason: SamlRefusalReason | 'misconfigured'; detail?: string } {
  if (error.code === 'saml_connection_misconfigured')
    return { reason: 'misconfigured', detail: (error.cause as Error | undefined)?.message.slice(0, 300) };
  const cause = error.cause;
  return cause instanceof SamlCheckFailure ? { reason: cause.reason, detail: cause.message.slice(0, 300) } : { reason: 'malformed' };
}

/** Default message for a response that fails verification. */
export const NOT_VERIFIED =
  'The sign-in response from your identity provider could not be verified. Try again or contact your administrator.';
