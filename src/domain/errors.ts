/**
 * The one error model. Codes are the contract (stable snake_case, Auth0's where Auth0 has one);
 * messages are prose for people, never a surface's wording (Auth0's framing of a refused property is
 * the Management API renderer's). A refused input carries its `detail` for each surface to word.
 */
const CODES = {
  invalid_body: 400,
  invalid_query_string: 400,
  invalid_uri: 400,
  invalid_request: 400,
  operation_not_supported: 400,
  too_many_entities: 400,
  // An organization admin's change would leave the organization without an admin (memberships/organization-admins.ts).
  last_organization_admin: 400,
  invalid_token: 401,
  invalid_credentials: 401,
  user_blocked: 403,
  not_a_member: 403,
  // The email's domain is verified by an organization that requires its single sign-on (SSO enforcement).
  sso_required: 403,
  signup_disabled: 403,
  invitation_invalid: 400,
  email_link_invalid: 400,
  // A new password broke its database connection's policy (users/password-policy.ts).
  password_strength_error: 400,
  password_history_error: 400,
  password_dictionary_error: 400,
  password_no_user_info_error: 400,
  connection_not_enabled: 400,
  account_not_found: 403,
  insufficient_scope: 403,
  // An organization admin's change beyond the connection's access level, or beyond the tenant's
  // connection profile (domain/identity-providers).
  insufficient_access_level: 403,
  connection_profile_violation: 403,
  inexistent_organization: 404,
  inexistent_connection: 404,
  inexistent_user: 404,
  inexistent_role: 404,
  inexistent_client: 404,
  inexistent_client_grant: 404,
  inexistent_resource_server: 404,
  inexistent_invitation: 404,
  inexistent_identity: 404,
  inexistent_member: 404,
  inexistent_log: 404,
  inexistent_route: 404,
  inexistent_log_stream: 404,
  inexistent_domain: 404,
  inexistent_job: 404,
  // SCIM (domain/scim): the connection has no SCIM configuration, or no such token, group or SCIM user.
  inexistent_scim_configuration: 404,
  inexistent_scim_token: 404,
  inexistent_group: 404,
  inexistent_signing_key: 404,
  inexistent_self_service_profile: 404,
  inexistent_sso_ticket: 404,
  // A self-service SSO link that is unknown, expired, revoked, already opened or already used up.
  sso_ticket_invalid: 410,
  inexistent_connection_profile: 404,
  organization_conflict: 409,
  connection_conflict: 409,
  domain_conflict: 409,
  connection_profile_conflict: 409,
  organization_connection_conflict: 409,
  connection_owned_by_other_organization: 400,
  user_conflict: 409,
  identity_conflict: 409,
  role_conflict: 409,
  client_grant_conflict: 409,
  resource_server_conflict: 409,
  // An import is already pending or running for the connection (one at a time).
  job_conflict: 409,
  scim_configuration_conflict: 409,
  // The connection already has its maximum of active SCIM tokens.
  scim_token_limit: 409,
  group_conflict: 409,
  // A SCIM PATCH names a path or target the resource does not have (RFC 7644 §3.5.2 invalidPath/noTarget).
  scim_invalid_path: 400,
  // Upstream enterprise IdP (federation/oidc). 424 = the IdP or its configuration failed; kept < 500 so
  // the login page shows the message (the admin-facing detail is in `cause`).
  idp_client_auth_failed: 424,
  idp_unreachable: 424,
  idp_misconfigured: 424,
  idp_state_mismatch: 400,
  idp_response_invalid: 400,
  idp_denied: 403,
  // A social login without an email Gatehouse may trust (GitHub: no verified primary address).
  idp_email_unverified: 403,
  saml_invalid_response: 400,
  saml_unsolicited_response: 400,
  saml_replayed_response: 400,
  saml_request_expired: 400,
  saml_connection_misconfigured: 400,
  // A second factor's code or assertion was wrong, used already, or expired (domain/mfa).
  invalid_mfa_code: 401,
  // The tenant turned this factor off: it is not offered at enrolment (domain/mfa/mfa-factors.ts).
  mfa_factor_disabled: 403,
  inexistent_authentication_method: 404,
  // A change to a person's own factors needs a login within the last minutes (domain/mfa/recent-authentication.ts).
  reauthentication_required: 403,
  // An emailed code asked for by a user without a verified email or without another factor (domain/mfa).
  mfa_email_unavailable: 403,
  too_many_requests: 429,
  too_many_attempts: 429,
  server_error: 500,
  // The database cannot serve requests right now (restart, failover, disk full, lock timeout).
  database_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof CODES;

/** 5xx codes whose message is a fixed, safe sentence that clients may see. */
const EXPOSED_5XX: ReadonlySet<ErrorCode> = new Set(['database_unavailable']);

/**
 * What a refused input broke, for each surface to word: `field` is the dotted path of the property
 * (`options.metadataUrl`), `rule` the sentence of the rule it broke; `limit` and `value` are the
 * bound and the offending value when the rule has them.
 */
export interface InputDetail {
  field: string;
  rule: string;
  limit?: number;
  value?: string;
}

type InputExtra = Pick<InputDetail, 'limit' | 'value'>;

/** Thrown by domain code; `expose` is false for 5xx (but EXPOSED_5XX) so their message never reaches a client. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;
  readonly detail?: InputDetail;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; detail?: InputDetail }) {
    super(message, options);
    this.name = 'DomainError';
    this.code = code;
    this.status = CODES[code];
    this.expose = this.status < 500 || EXPOSED_5XX.has(code);
    this.detail = options?.detail;
  }
}

/** Shorthand: `fail('inexistent_organization', 'No organization found by that id.')`. */
export function fail(code: ErrorCode, message: string): never {
  throw new DomainError(code, message);
}

function refused(code: 'invalid_body' | 'invalid_query_string', field: string, rule: string, extra?: InputExtra) {
  return new DomainError(code, `${rule}.`, { detail: { field, rule, ...extra } });
}

/** A property of the request's body broke a rule: `invalidInput('scopes', 'Duplicate scope value: read')`. */
export function invalidInput(field: string, rule: string, extra?: InputExtra): never {
  throw refused('invalid_body', field, rule, extra);
}

/** A parameter of the request's query string broke a rule: `invalidQuery('from', 'Invalid checkpoint')`. */
export function invalidQuery(field: string, rule: string, extra?: InputExtra): never {
  throw refused('invalid_query_string', field, rule, extra);
}
