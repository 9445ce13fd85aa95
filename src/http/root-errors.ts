import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { RETRY_AFTER_SECONDS, asDatabaseUnavailable } from '../domain/database-unavailable.js';

/**
 * The error handler of routes outside the surfaces that render their own (the console's files and
 * configuration, SAML metadata, the OpenAPI document): a database outage is a 503 with Retry-After,
 * a client error keeps Fastify's answer, and any other failure is a 500 that names nothing inside.
 */
export function handleRootError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const unavailable = asDatabaseUnavailable(error);
  if (unavailable) {
    request.log.warn({ err: unavailable.cause ?? unavailable }, 'database unavailable');
    return reply
      .code(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .send({ statusCode: 503, error: STATUS_CODES[503], message: unavailable.message, errorCode: unavailable.code });
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) return reply.send(error);
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send({ statusCode: 500, error: STATUS_CODES[500], message: STATUS_CODES[500] });
}
