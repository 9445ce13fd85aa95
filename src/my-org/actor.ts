import type { FastifyRequest } from 'fastify';
import type { Actor } from '../domain/events/actor.js';

/**
 * The actor of a My Organization API call: the person of the token, acting in its organization,
 * through the application it was issued to. The domain's organization-admin rules key on `api`.
 */
export function actorOf(request: FastifyRequest): Actor {
  const principal = request.myOrg!;
  const userAgent = request.headers['user-agent'];
  return {
    type: 'user',
    id: principal.userId,
    clientId: principal.clientId,
    organizationId: principal.organizationId,
    api: 'my_org',
    ip: request.ip,
    ...(userAgent ? { userAgent } : {}),
  };
}

/** The organization a call acts on: always the token's, never one named by the request. */
export function organizationOf(request: FastifyRequest): string {
  return request.myOrg!.organizationId;
}
