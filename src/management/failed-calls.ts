import type { FastifyRequest } from 'fastify';
import type { EventsService } from '../domain/events/events.service.js';
import { actorOf } from './actor.js';
import type { ApiError } from './render-error.js';

const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * Auth0's `fapi` (Failed API Operation): every write that failed, and every call refused for its
 * token (401) or its scopes (403), whatever the method. Nothing changed, so it is recorded outside
 * any transaction; what was sent is never recorded, only the method, the path and the answer.
 * Recording never changes the answer: a failure to record is logged, and a call that failed because
 * the database is unavailable is not recorded at all (the insert would only wait on the same outage).
 */
export async function recordFailedCall(events: EventsService, request: FastifyRequest, error: ApiError): Promise<void> {
  const refused = error.statusCode === 401 || error.statusCode === 403;
  if (!refused && !(error.statusCode >= 400 && WRITES.has(request.method))) return;
  if (error.errorCode === 'database_unavailable') return;
  try {
    await events.recordOutcome(actorOf(request), {
      type: 'fapi',
      details: {
        request: { method: request.method, path: request.url.split('?')[0] },
        response: { statusCode: error.statusCode, error_code: error.errorCode },
      },
    });
  } catch (err) {
    request.log.error({ err }, 'failed API call not recorded');
  }
}
