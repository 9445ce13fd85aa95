import type { FastifyRequest } from 'fastify';
import type { Client } from '../domain/clients/clients.types.js';
import type { SignInAttempt } from '../domain/sign-in/sign-in-events.js';

/** Where a sign-in step's request comes from, for the events of its outcome. */
export function attemptOf(request: FastifyRequest, client?: Pick<Client, 'client_id' | 'name'>): SignInAttempt {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip,
    ...(userAgent ? { userAgent } : {}),
    ...(client ? { client: { client_id: client.client_id, name: client.name } } : {}),
  };
}
