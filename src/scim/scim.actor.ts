import type { FastifyRequest } from 'fastify';
import type { Actor } from '../domain/events/actor.js';

/** The actor of a SCIM request: its token, through the SCIM API. */
export function scimActorOf(request: FastifyRequest): Actor {
  const userAgent = request.headers['user-agent'];
  return { type: 'scim', id: request.scim?.tokenId ?? 'anonymous', api: 'scim', ip: request.ip, ...(userAgent ? { userAgent } : {}) };
}
