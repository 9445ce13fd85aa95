import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DomainError } from '../domain/errors.js';
import type { Services } from '../domain/services.js';
import { useStrictJsonParser } from '../shared/json-body.js';
import { type BearerGate, passBearerGate } from '../shared/bearer-gate.js';
import type { MyOrgPrincipal } from './auth.js';
import { notFoundProblem, sendProblem, toProblem } from './render-error.js';
import { ProblemSchema } from './schemas.js';
import { detailsRoutes } from './details.routes.js';
import { membersRoutes } from './members.routes.js';
import { rolesRoutes } from './roles.routes.js';
import { invitationsRoutes } from './invitations.routes.js';
import { domainsRoutes } from './domains.routes.js';
import { identityProvidersRoutes } from './identity-providers.routes.js';
import { provisioningRoutes } from './provisioning.routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    myOrg?: MyOrgPrincipal;
  }
  interface FastifyContextConfig {
    /** The My Organization API scope a route requires. */
    myOrgScope?: string;
    /** Wire names of the domain's fields on this route, for refused inputs (`roles` → `role_ids`). */
    myOrgFields?: Record<string, string>;
  }
}

/** What this surface needs of the upstream IdPs, given by the app (surfaces do not import federation). */
export interface MyOrgFederation {
  /** The values an IT admin pastes into their IdP for this connection. */
  setupValues(connection: { id: string; strategy: string }): Record<string, string>;
  /** A SAML connection configured by metadata URL gets the document fetched once, when saved. */
  withFetchedMetadata(strategy: string, options: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export interface MyOrgOptions {
  services: Services;
  verifyToken: (authorization: string | undefined) => Promise<MyOrgPrincipal>;
  federation: MyOrgFederation;
}

/** Options every route plugin of this surface receives. */
export interface MyOrgRouteOptions {
  services: Services;
  federation: MyOrgFederation;
}

/**
 * The My Organization API surface (`/my-org/v1`): an organization's administrators manage their own
 * organization. In onRequest, before the body is parsed: the bearer token (401), the rate limit
 * (429), membership (a removed member's token stops at once) and the route's scope (403). Every
 * failure is a problem+json body.
 */
export const myOrgPlugin: FastifyPluginAsync<MyOrgOptions> = async (app, { services, verifyToken, federation }) => {
  app.decorateRequest('myOrg', undefined);
  useStrictJsonParser(app, () => new DomainError('invalid_body', 'Invalid UTF-8 in the JSON body.'));
  app.addSchema(ProblemSchema);
  // The Management API's OpenAPI document describes /api/v2 only.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true } as typeof route.schema;
  });

  const gate: BearerGate<MyOrgPrincipal> = {
    verifyToken,
    limiter: services.managementRateLimiter,
    bucketOf: (principal, ip) => (principal ? `my-org:user:${principal.userId}` : `my-org:ip:${ip}`),
    tooManyRequests: () => new DomainError('too_many_requests', 'Too many requests.'),
  };
  app.addHook('onRequest', async (request, reply) => {
    request.myOrg = await passBearerGate(request, reply, gate);
    const { organizationId, userId, scopes } = request.myOrg;
    if (!(await services.memberships.isMember(organizationId, userId))) {
      throw new DomainError('invalid_token', 'The user of the token is no longer a member of its organization.');
    }
    const scope = request.routeOptions.config.myOrgScope;
    if (scope && !scopes.has(scope)) throw new DomainError('insufficient_scope', `Insufficient scope; expected: ${scope}.`);
  });

  app.setErrorHandler(async (error, request, reply) => sendProblem(reply, toProblem(error, request)));
  app.setNotFoundHandler(async (request, reply) => sendProblem(reply, notFoundProblem(request)));

  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const routes of [
    detailsRoutes,
    membersRoutes,
    rolesRoutes,
    invitationsRoutes,
    domainsRoutes,
    identityProvidersRoutes,
    provisioningRoutes,
  ]) {
    await api.register(routes, { services, federation });
  }
};
