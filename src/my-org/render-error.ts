import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { RETRY_AFTER_SECONDS, asDatabaseUnavailable } from '../domain/database-unavailable.js';
import { describeValidationError } from '../shared/validation-errors.js';

/** One refused input, as the My Organization API lists them (Auth0's `ValidationErrorDetail`). */
export interface ValidationErrorDetail {
  detail: string;
  field?: string;
  pointer?: string;
  source?: string;
}

/**
 * The My Organization API's error body (RFC 9457 problem details, Auth0's `ErrorResponseContent`
 * and `ValidationErrorResponseContent`). `code` is Gatehouse's stable error code, an extension
 * member: `type` follows Auth0's URIs, which Auth0's own clients match on (insufficient scope).
 */
export interface Problem {
  type: string;
  status: number;
  title: string;
  detail: string;
  code: string;
  validation_errors?: ValidationErrorDetail[];
}

const AUTH0_ERRORS = 'https://auth0.com/api-errors/';

/** Auth0's problem types and titles where its clients know them; otherwise the status's generic one. */
const KNOWN: Partial<Record<ErrorCode, { type: string; title: string }>> = {
  invalid_token: { type: 'A0E-401-0003', title: 'Invalid Token' },
  insufficient_scope: { type: 'A0E-403-0002', title: 'Insufficient Scope' },
};

/** The request part each refused-input code of the domain names (the `source` of Auth0's detail). */
const SOURCE: Partial<Record<ErrorCode, string>> = { invalid_body: 'body', invalid_query_string: 'query' };
const FASTIFY_SOURCE: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  const known = KNOWN[code as ErrorCode];
  return {
    type: `${AUTH0_ERRORS}${known?.type ?? `A0E-${status}-0001`}`,
    status,
    title: known?.title ?? STATUS_CODES[status] ?? 'Error',
    detail,
    code,
    ...extra,
  };
}

function pointerOf(field: string): string {
  return field ? `/${field.split('.').join('/')}` : '';
}

/**
 * The wire name of a domain field: the domain names the stored property (`connection_id`,
 * `roles`), a route may call it otherwise (`identity_provider_id`, `role_ids`).
 */
function wireField(request: FastifyRequest, field: string): string {
  const names = request.routeOptions.config.myOrgFields ?? {};
  const [head, ...rest] = field.split('.');
  return [names[head] ?? head, ...rest].join('.');
}

function refused(status: number, code: string, items: ValidationErrorDetail[]): Problem {
  return problem(status, code, items.map((i) => (i.field ? `${i.field}: ${i.detail}` : i.detail)).join('; '), { validation_errors: items });
}

/** Maps any error thrown under /my-org/v1 to its problem; a 5xx never carries internals. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  const unavailable = asDatabaseUnavailable(error);
  if (unavailable) {
    request.log.warn({ err: unavailable.cause ?? unavailable }, 'database unavailable');
    return problem(unavailable.status, unavailable.code, unavailable.message);
  }
  if (error instanceof DomainError) {
    if (!error.expose) {
      request.log.error({ err: error.cause ?? error }, 'my organization api failure');
      return problem(500, 'server_error', 'Internal Server Error');
    }
    const source = SOURCE[error.code];
    if (error.detail && source) {
      const field = wireField(request, error.detail.field);
      return refused(400, error.code, [{ detail: error.detail.rule, field, pointer: pointerOf(field), source }]);
    }
    return problem(error.status, error.code, error.message);
  }
  const fe = error as FastifyError;
  if (fe.validation && fe.validation.length > 0) {
    const context = fe.validationContext ?? 'body';
    const { property, rule } = describeValidationError(fe.validation[0] as Parameters<typeof describeValidationError>[0]);
    const code = context === 'querystring' ? 'invalid_query_string' : context === 'params' ? 'invalid_uri' : 'invalid_body';
    return refused(400, code, [{ detail: rule, field: property, pointer: pointerOf(property), source: FASTIFY_SOURCE[context] ?? 'body' }]);
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors: malformed JSON, unsupported media type, body too large.
    return problem(fe.statusCode, fe.statusCode === 400 ? 'invalid_body' : (fe.code ?? 'invalid_request').toLowerCase(), fe.message);
  }
  request.log.error({ err: error }, 'my organization api failure');
  return problem(500, 'server_error', 'Internal Server Error');
}

/** The problem for a path this API does not serve. */
export function notFoundProblem(request: FastifyRequest): Problem {
  return problem(404, 'inexistent_route', `The requested resource ${request.method} ${request.url.split('?')[0]} was not found.`);
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  if (body.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  if (body.status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(body.status).type('application/problem+json').send(body);
}
