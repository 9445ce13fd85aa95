import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { PasswordPolicyError } from '../domain/users/password-policy.js';
import { describeValidationError, validationMessage, type RequestPart } from '../shared/validation-errors.js';
import { RETRY_AFTER_SECONDS, asDatabaseUnavailable } from '../domain/database-unavailable.js';

/** Auth0's Management API error body. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  errorCode: string;
}

const PART_CODE: Record<RequestPart, string> = {
  body: 'invalid_body',
  querystring: 'invalid_query_string',
  params: 'invalid_uri',
  headers: 'invalid_headers',
};

/** The request part a refused input of the domain is in, by the error's code. */
const DETAIL_PART: Partial<Record<ErrorCode, RequestPart>> = { invalid_body: 'body', invalid_query_string: 'querystring' };

/** Auth0's sentence for each family of password rules, before the rules the password broke. */
const PASSWORD_SENTENCE: Partial<Record<ErrorCode, string>> = {
  password_strength_error: 'PasswordStrengthError: Password is too weak',
  password_dictionary_error: 'PasswordDictionaryError: Password is too common',
  password_no_user_info_error: 'PasswordNoUserInfoError: Password is based on user information',
  password_history_error: 'PasswordHistoryError: Password has previously been used',
};

/** A domain error's message as Auth0 words it: refused inputs and broken password rules get Auth0's framing. */
function auth0Message(error: DomainError): string {
  const part = DETAIL_PART[error.code];
  if (error.detail && part) return validationMessage(part, error.detail.rule, error.detail.field);
  const sentence = error instanceof PasswordPolicyError ? PASSWORD_SENTENCE[error.code] : undefined;
  return sentence ? `${sentence}. ${error.message}` : error.message;
}

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
    return body(error.status, auth0Message(error), error.code);
  }
  const fe = error as FastifyError;
  if (fe.validation && fe.validation.length > 0) {
    const context = fe.validationContext ?? 'body';
    const part: RequestPart = Object.hasOwn(PART_CODE, context) ? (context as RequestPart) : 'body';
    const { property, rule } = describeValidationError(fe.validation[0] as Parameters<typeof describeValidationError>[0]);
    return body(400, validationMessage(part, rule, property), PART_CODE[part]);
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own client errors: malformed JSON, unsupported media type, body too large.
    return body(
      fe.statusCode,
      fe.statusCode === 400 ? validationMessage('body', fe.message) : fe.message,
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
