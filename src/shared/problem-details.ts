import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { Type } from 'typebox';
import { describeValidationError } from './validation-errors.js';

// RFC 9457 problem details as Auth0's user-facing APIs write them (My Organization, My Account):
// the parts that know no error model. Each surface maps its own errors onto them.

/** One refused input, as Auth0's `ValidationErrorDetail` lists them. */
export interface ValidationErrorDetail {
  detail: string;
  field?: string;
  pointer?: string;
  source?: string;
}

/**
 * The error body (Auth0's `ErrorResponseContent` and `ValidationErrorResponseContent`). `code` is
 * Gatehouse's stable error code, an extension member: `type` follows Auth0's URIs, which Auth0's
 * own clients match on (insufficient scope).
 */
export interface Problem {
  type: string;
  status: number;
  title: string;
  detail: string;
  code: string;
  validation_errors?: ValidationErrorDetail[];
}

/** The TypeBox schema of `Problem`, registered by each surface under its own `$id`. */
export function problemSchema($id: string) {
  return Type.Object(
    {
      type: Type.String(),
      status: Type.Integer(),
      title: Type.String(),
      detail: Type.String(),
      code: Type.String(),
      validation_errors: Type.Optional(
        Type.Array(
          Type.Object({
            detail: Type.String(),
            field: Type.Optional(Type.String()),
            pointer: Type.Optional(Type.String()),
            source: Type.Optional(Type.String()),
          }),
        ),
      ),
    },
    { $id },
  );
}

const AUTH0_ERRORS = 'https://auth0.com/api-errors/';

/** Auth0's problem types and titles where its clients know them; otherwise the status's generic one. */
const KNOWN: Record<string, { type: string; title: string }> = {
  invalid_token: { type: 'A0E-401-0003', title: 'Invalid Token' },
  insufficient_scope: { type: 'A0E-403-0002', title: 'Insufficient Scope' },
};

const FASTIFY_SOURCE: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** A problem with this status and code. */
export function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  const known = Object.hasOwn(KNOWN, code) ? KNOWN[code] : undefined;
  return {
    type: `${AUTH0_ERRORS}${known?.type ?? `A0E-${status}-0001`}`,
    status,
    title: known?.title ?? STATUS_CODES[status] ?? 'Error',
    detail,
    code,
    ...extra,
  };
}

/** The JSON pointer of a dotted field path (`a.b` → `/a/b`). */
export function pointerOf(field: string): string {
  return field ? `/${field.split('.').join('/')}` : '';
}

/** A problem listing refused inputs; its detail names each field and rule. */
export function refusedProblem(status: number, code: string, items: ValidationErrorDetail[]): Problem {
  return problem(status, code, items.map((i) => (i.field ? `${i.field}: ${i.detail}` : i.detail)).join('; '), { validation_errors: items });
}

/**
 * Fastify's own refusals: a schema validation error (the first one, naming its field and rule),
 * or one of its client errors (malformed JSON, unsupported media type, body too large). Undefined
 * for anything else.
 */
export function fastifyProblem(error: unknown): Problem | undefined {
  const fe = error as FastifyError;
  if (fe.validation && fe.validation.length > 0) {
    const context = fe.validationContext ?? 'body';
    const { property, rule } = describeValidationError(fe.validation[0] as Parameters<typeof describeValidationError>[0]);
    const code = context === 'querystring' ? 'invalid_query_string' : context === 'params' ? 'invalid_uri' : 'invalid_body';
    return refusedProblem(400, code, [
      { detail: rule, field: property, pointer: pointerOf(property), source: FASTIFY_SOURCE[context] ?? 'body' },
    ]);
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return problem(fe.statusCode, fe.statusCode === 400 ? 'invalid_body' : (fe.code ?? 'invalid_request').toLowerCase(), fe.message);
  }
  return undefined;
}

/** The problem for a path the API does not serve. */
export function notFoundProblem(request: FastifyRequest): Problem {
  return problem(404, 'inexistent_route', `The requested resource ${request.method} ${request.url.split('?')[0]} was not found.`);
}

/** Sends a problem; a 503 says when to retry, a 401 asks for a bearer token. */
export function sendProblem(reply: FastifyReply, body: Problem, retryAfterSeconds: number): FastifyReply {
  if (body.status === 503) reply.header('retry-after', String(retryAfterSeconds));
  if (body.status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(body.status).type('application/problem+json').send(body);
}
