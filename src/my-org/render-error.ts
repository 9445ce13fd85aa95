import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { RETRY_AFTER_SECONDS, asDatabaseUnavailable } from '../domain/database-unavailable.js';
import { type Problem, fastifyProblem, pointerOf, problem, refusedProblem, sendProblem as send } from '../shared/problem-details.js';

export { notFoundProblem } from '../shared/problem-details.js';
export type { Problem } from '../shared/problem-details.js';

/** The request part each refused-input code of the domain names (the `source` of Auth0's detail). */
const SOURCE: Partial<Record<ErrorCode, string>> = { invalid_body: 'body', invalid_query_string: 'query' };

/**
 * The wire name of a domain field: the domain names the stored property (`connection_id`,
 * `roles`), a route may call it otherwise (`identity_provider_id`, `role_ids`).
 */
function wireField(request: FastifyRequest, field: string): string {
  const names = request.routeOptions.config.myOrgFields ?? {};
  const [head, ...rest] = field.split('.');
  return [names[head] ?? head, ...rest].join('.');
}

/** Maps any error thrown under /my-org/v1 to its problem (shared/problem-details.ts); a 5xx never carries internals. */
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
      return refusedProblem(400, error.code, [{ detail: error.detail.rule, field, pointer: pointerOf(field), source }]);
    }
    return problem(error.status, error.code, error.message);
  }
  const refused = fastifyProblem(error);
  if (refused) return refused;
  request.log.error({ err: error }, 'my organization api failure');
  return problem(500, 'server_error', 'Internal Server Error');
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return send(reply, body, RETRY_AFTER_SECONDS);
}
