import type { FastifyRequest } from 'fastify';
import type { Actor } from '../domain/events/actor.js';

/**
 * The actor of a Management API call: the application for a client-credentials token, the person
 * for a user's token (the admin console), through the application it was issued to.
 */
export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  const userAgent = request.headers['user-agent'];
  const common = { api: 'management' as const, ip: request.ip, ...(userAgent ? { userAgent } : {}) };
  if (!principal) return { type: 'anonymous', id: 'anonymous', ...common };
  const isClient = principal.subject === '' || principal.subject === principal.clientId || principal.subject.endsWith('@clients');
  if (isClient) return { type: 'client', id: principal.clientId, ...common };
  return { type: 'user', id: principal.subject, clientId: principal.clientId, ...common };
}
