import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { RETRY_AFTER_SECONDS, asDatabaseUnavailable } from '../domain/database-unavailable.js';
import { type Problem, fastifyProblem, pointerOf, problem, refusedProblem, sendProblem as send } from '../shared/problem-details.js';

export { notFoundProblem } from '../shared/problem-details.js';

/** The request part each refused-input code of the domain names (the `source` of Auth0's detail). */
const SOURCE: Partial<Record<ErrorCode, string>> = { invalid_body: 'body', invalid_query_string: 'query' };

/**
 * A wrong code is a refused input of this API, naming the field that held it: a 401 would read as
 * an invalid token, and send a client back to sign in.
 */
const REFUSED_FIELD: Partial<Record<ErrorCode, string>> = { invalid_mfa_code: 'otp_code' };

/** Maps any error thrown under /me/v1 to its problem (shared/problem-details.ts); a 5xx never carries internals. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  const unavailable = asDatabaseUnavailable(error);
  if (unavailable) {
    request.log.warn({ err: unavailable.cause ?? unavailable }, 'database unavailable');
    return problem(unavailable.status, unavailable.code, unavailable.message);
  }
  if (error instanceof DomainError && error.expose) {
    const source = SOURCE[error.code];
    if (error.detail && source) {
      const { field, rule } = error.detail;
      return refusedProblem(400, error.code, [{ detail: rule, field, pointer: pointerOf(field), source }]);
    }
    const field = REFUSED_FIELD[error.code];
    if (field) return refusedProblem(400, error.code, [{ detail: error.message, field, pointer: pointerOf(field), source: 'body' }]);
    return problem(error.status, error.code, error.message);
  }
  const refused = error instanceof DomainError ? undefined : fastifyProblem(error);
  if (refused) return refused;
  request.log.error({ err: error instanceof DomainError ? (error.cause ?? error) : error }, 'my account api failure');
  return problem(500, 'server_error', 'Internal Server Error');
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return send(reply, body, RETRY_AFTER_SECONDS);
}
