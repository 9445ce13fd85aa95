import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DomainError } from '../domain/errors.js';
import type { Services } from '../domain/services.js';
import type { Clock } from '../domain/shared/clock.js';
import { assertRecentAuthentication } from '../domain/mfa/recent-authentication.js';
import { useStrictJsonParser } from '../shared/json-body.js';
import { type BearerGate, passBearerGate } from '../shared/bearer-gate.js';
import type { MyAccountPrincipal } from './auth.js';
import { createAuthSessions, type AuthSessions } from './auth-session.js';
import { notFoundProblem, sendProblem, toProblem } from './render-error.js';
import { ProblemSchema } from './schemas.js';
import { authenticationMethodsRoutes } from './authentication-methods.routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    myAccount?: MyAccountPrincipal;
  }
  interface FastifyContextConfig {
    /** The My Account API scope a route requires. */
    myAccountScope?: string;
    /** The route changes the user's factors: the token's `auth_time` must be recent (403 reauthentication_required). */
    myAccountRecentLogin?: boolean;
  }
}

export interface MyAccountOptions {
  services: Services;
  clock: Clock;
  /** The base URL (config.issuer): the Location of a new method, the label in authenticator apps. */
  issuer: string;
  /** Signs the enrolments' auth_session (auth-session.ts). */
  secret: string;
  verifyToken: (authorization: string | undefined) => Promise<MyAccountPrincipal>;
}

/** Options every route plugin of this surface receives. */
export interface MyAccountRouteOptions {
  services: Services;
  issuer: string;
  authSessions: AuthSessions;
}

/**
 * The My Account API surface (`/me/v1`): a person manages their own account. In onRequest, before
 * the body is parsed: the bearer token (401), the rate limit (429), the account (a blocked or
 * deleted user's token stops at once), the route's scope (403) and, for changes to the factors, a
 * recent login (403 reauthentication_required). Every failure is a problem+json body.
 */
export const myAccountPlugin: FastifyPluginAsync<MyAccountOptions> = async (app, { services, clock, issuer, secret, verifyToken }) => {
  app.decorateRequest('myAccount', undefined);
  useStrictJsonParser(app, () => new DomainError('invalid_body', 'Invalid UTF-8 in the JSON body.'));
  app.addSchema(ProblemSchema);
  // The Management API's OpenAPI document describes /api/v2 only.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true } as typeof route.schema;
  });

  const gate: BearerGate<MyAccountPrincipal> = {
    verifyToken,
    limiter: services.managementRateLimiter,
    bucketOf: (principal, ip) => (principal ? `my-account:user:${principal.userId}` : `my-account:ip:${ip}`),
    tooManyRequests: () => new DomainError('too_many_requests', 'Too many requests.'),
  };
  app.addHook('onRequest', async (request, reply) => {
    request.myAccount = await passBearerGate(request, reply, gate);
    const { userId, scopes, authTime } = request.myAccount;
    const account = await services.accounts.find(userId);
    if (!account || account.blocked) throw new DomainError('invalid_token', 'The user of the token is blocked or no longer exists.');
    const { myAccountScope: scope, myAccountRecentLogin: recentLogin } = request.routeOptions.config;
    if (scope && !scopes.has(scope)) throw new DomainError('insufficient_scope', `Insufficient scope; expected: ${scope}.`);
    if (recentLogin) assertRecentAuthentication(authTime, clock.now());
  });

  app.setErrorHandler(async (error, request, reply) => sendProblem(reply, toProblem(error, request)));
  app.setNotFoundHandler(async (request, reply) => sendProblem(reply, notFoundProblem(request)));

  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  await api.register(authenticationMethodsRoutes, { services, issuer, authSessions: createAuthSessions(secret, clock) });
};
