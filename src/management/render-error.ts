import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { DomainError } from '../domain/errors.js';
import { describeValidationError } from '../shared/validation-errors.js';
import { RETRY_AFTER_SECONDS, asDatabaseUnavailable } from '../domain/database-unavailable.js';

/** Auth0's Management API error body. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  errorCode: string;
}

const PART_LABEL: Record<string, { code: string; label: string }> = {
  body: { code: 'invalid_body', label: 'Payload validation error' },
  querystring: { code: 'invalid_query_string', label: 'Query validation error' },
  params: { code: 'invalid_uri', label: 'Path validation error' },
  headers: { code: 'invalid_headers', label: 'Headers validation error' },
};

function body(statusCode: number, message: string, errorCode: string): ApiError {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, errorCode };
}

/** Maps any error thrown under /api/v2 to Auth0's body; 5xx never carry internals. */
export function toApiError(error: unknown, request: FastifyRequest): ApiError {
  const unavailable = asDatabaseUnavailable(error);
  if (unavailable) {
    request.log.warn({ err: unavailable.cause ?? unavailable }, 'database unavailable');
    return body(unavailable.status, unavailable.message, unavailable.code);
  }
  if (error instanceof DomainError) {
    if (!error.expose) {
      request.log.error({ err: error.cause ?? error }, 'management api failure');
      return body(500, 'Internal Server Error', 'server_error');
    }
    return body(error.status, error.message, error.code);
  }
  const fe = error as FastifyError;
  if (fe.validation && fe.validation.length > 0) {
    const part = PART_LABEL[fe.validationContext ?? 'body'] ?? PART_LABEL.body;
    const { property, rule } = describeValidationError(fe.validation[0] as Parameters<typeof describeValidationError>[0]);
    const where = property ? ` on property ${property}` : '';
    return body(400, `${part.label}: '${rule}'${where}.`, part.code);
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors: malformed JSON, unsupported media type, body too large.
    return body(
      fe.statusCode,
      fe.statusCode === 400 ? `Payload validation error: '${fe.message}'.` : fe.message,
      fe.statusCode === 400 ? 'invalid_body' : (fe.code ?? 'invalid_request').toLowerCase(),
    );
  }
  request.log.error({ err: error }, 'management api failure');
  return body(500, 'Internal Server Error', 'server_error');
}

export function sendApiError(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.statusCode === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.code(error.statusCode).type('application/json').send(error);
}
