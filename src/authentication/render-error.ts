import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { describePasswordFailure, PasswordPolicyError, type PasswordFailure } from '../domain/users/password-policy.js';
import { describeValidationError, validationMessage } from '../shared/validation-errors.js';
import { RETRY_AFTER_SECONDS, asDatabaseUnavailable } from '../domain/database-unavailable.js';

/** The error body of Auth0's `/dbconnections` endpoints (the `auth0` SDK reads `code` and `description`). */
export interface DbConnectionsError {
  name: string;
  code: string;
  description: string | { rules: PasswordRule[]; verified: false };
  message?: string;
  policy?: string;
  statusCode: number;
}

interface PasswordRule {
  message: string;
  code: string;
  format?: (number | string)[];
  verified: false;
}

/** Auth0's structured form of a strength rule the password broke. */
function strengthRule(failure: PasswordFailure): PasswordRule {
  switch (failure.rule) {
    case 'length':
      return { message: 'At least %d characters in length', format: [failure.min], code: 'lengthAtLeast', verified: false };
    case 'character_types':
      return failure.atLeast === failure.of.length
        ? { message: 'Should contain: %s', format: [failure.of.join(', ')], code: 'shouldContain', verified: false }
        : {
            message: 'At least %d of the following %d types of characters: %s',
            format: [failure.atLeast, failure.of.length, failure.of.join(', ')],
            code: 'containsAtLeast',
            verified: false,
          };
    case 'identical_characters':
      return {
        message: 'No more than %d identical characters in a row (e.g., "%s" not allowed)',
        format: [failure.max, 'aaa'],
        code: 'identicalChars',
        verified: false,
      };
    default:
      return { message: describePasswordFailure(failure), code: failure.rule, verified: false };
  }
}

const PASSWORD_ERRORS: Record<string, { name: string; message: string; description?: string }> = {
  password_strength_error: { name: 'PasswordStrengthError', message: 'Password is too weak' },
  password_dictionary_error: {
    name: 'PasswordDictionaryError',
    message: 'Password is too common',
    description: 'Password is not allowed, it might be too common.',
  },
  password_no_user_info_error: {
    name: 'PasswordNoUserInfoError',
    message: 'Password contains user information',
    description: 'Password is based on user information.',
  },
  password_history_error: {
    name: 'PasswordHistoryError',
    message: 'Password has previously been used',
    description: 'Password has previously been used.',
  },
};

function badRequest(code: string, description: string, statusCode = 400): DbConnectionsError {
  return { name: statusCode === 400 ? 'BadRequestError' : 'Error', code, description, statusCode };
}

/**
 * Maps an error under /dbconnections to Auth0's body. An existing user is Auth0's non-committal
 * `invalid_signup`, so the endpoint does not tell who has an account; 5xx never carry internals.
 */
export function toDbConnectionsError(error: unknown, request: FastifyRequest): DbConnectionsError {
  const unavailable = asDatabaseUnavailable(error);
  if (unavailable) {
    request.log.warn({ err: unavailable.cause ?? unavailable }, 'database unavailable');
    return badRequest('database_unavailable', unavailable.message, unavailable.status);
  }
  if (error instanceof PasswordPolicyError) {
    const known = PASSWORD_ERRORS[error.code] ?? PASSWORD_ERRORS.password_strength_error;
    const same = error.failures.filter((f) => f.rule !== 'dictionary' && f.rule !== 'personal_info' && f.rule !== 'history');
    return {
      name: known.name,
      message: known.message,
      code: 'invalid_password',
      description: known.description ?? { rules: same.map(strengthRule), verified: false },
      policy: error.failures.map((f) => `* ${describePasswordFailure(f)}`).join('\n'),
      statusCode: 400,
    };
  }
  if (error instanceof DomainError && error.expose) {
    switch (error.code) {
      case 'user_conflict':
        return badRequest('invalid_signup', 'Invalid sign up');
      case 'signup_disabled':
        return badRequest('operation_not_allowed', 'Public signup is disabled');
      default:
        // A refused property of the body, in the same words as a schema's refusal below.
        return badRequest(
          error.code,
          error.detail && error.code === 'invalid_body' ? validationMessage('body', error.detail.rule, error.detail.field) : error.message,
          error.status,
        );
    }
  }
  const fe = error as FastifyError;
  if (fe.validation && fe.validation.length > 0) {
    const { property, rule } = describeValidationError(fe.validation[0] as Parameters<typeof describeValidationError>[0]);
    return badRequest('invalid_body', validationMessage('body', rule, property));
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return badRequest('invalid_body', fe.message, fe.statusCode);
  request.log.error({ err: error }, 'authentication api failure');
  return { name: 'Error', code: 'server_error', description: 'Internal Server Error', statusCode: 500 };
}

export function sendDbConnectionsError(reply: FastifyReply, error: DbConnectionsError): FastifyReply {
  if (error.statusCode === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.code(error.statusCode).type('application/json').send(error);
}
