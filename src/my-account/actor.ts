import type { FastifyRequest } from 'fastify';
import type { Actor } from '../domain/events/actor.js';
import type { SignInAttempt } from '../domain/sign-in/sign-in-events.js';
import type { FactorSubject } from '../domain/mfa/mfa.service.js';

/** The actor of a My Account API call: the person of the token, through the application it was issued to. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = request.myAccount!;
  const userAgent = request.headers['user-agent'];
  return {
    type: 'user',
    id: principal.userId,
    clientId: principal.clientId,
    api: 'my_account',
    ip: request.ip,
    ...(userAgent ? { userAgent } : {}),
  };
}

/** The user a call acts on: always the token's, never one named by the request. */
export function userOf(request: FastifyRequest): string {
  return request.myAccount!.userId;
}

/** A factor's proof through this API, for the factor throttle and its events (as a login step's). */
export function attemptOf(request: FastifyRequest, client?: { client_id: string; name: string }): SignInAttempt {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, ...(userAgent ? { userAgent } : {}), ...(client ? { client } : {}) };
}

export function subjectOf(request: FastifyRequest): FactorSubject {
  return { userId: userOf(request) };
}
