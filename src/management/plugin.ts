import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DomainError } from '../domain/errors.js';
import type { Services } from '../domain/services.js';
import type { Principal } from './auth.js';
import { sendApiError, toApiError } from './render-error.js';
import { INVALID_UTF8_MESSAGE, useStrictJsonParser } from '../shared/json-body.js';
import { type BearerGate, passBearerGate } from '../shared/bearer-gate.js';
import { recordFailedCall } from './failed-calls.js';
import { organizationsRoutes } from './organizations/organizations.routes.js';
import { organizationConnectionsRoutes } from './organization-connections/organization-connections.routes.js';
import { connectionsRoutes } from './connections/connections.routes.js';
import { usersRoutes } from './users/users.routes.js';
import { rolesRoutes } from './roles/roles.routes.js';
import { membersRoutes } from './members/members.routes.js';
import { invitationsRoutes } from './invitations/invitations.routes.js';
import { clientsRoutes } from './clients/clients.routes.js';
import { clientGrantsRoutes } from './client-grants/client-grants.routes.js';
import { resourceServersRoutes } from './resource-servers/resource-servers.routes.js';
import { samlSpRoutes } from './connections/saml-sp.routes.js';
import { jobsRoutes } from './jobs/jobs.routes.js';
import { keysRoutes } from './keys/keys.routes.js';
import { statsRoutes } from './stats/stats.routes.js';
import { logsRoutes } from './logs/logs.routes.js';
import { logStreamsRoutes } from './log-streams/log-streams.routes.js';
import { discoveryDomainsRoutes } from './discovery-domains/discovery-domains.routes.js';
import { selfServiceProfilesRoutes } from './self-service-profiles/self-service-profiles.routes.js';
import { connectionProfilesRoutes } from './connection-profiles/connection-profiles.routes.js';
import type { SamlServiceProvider } from '../federation/saml/index.js';
import { scimConfigurationRoutes } from './scim/scim-configuration.routes.js';
import { guardianRoutes } from './guardian/guardian.routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** The Auth0 scope a Management API route requires (any one of them, for a list). */
    scope?: string | readonly string[];
  }
}

export interface ManagementOptions {
  services: Services;
  /** The SAML service provider, for the values an IT admin pastes into their IdP. */
  saml: SamlServiceProvider;
  verifyToken: (authorization: string | undefined) => Promise<Principal>;
}

/** Options every resource's route plugin receives. */
export interface RouteOptions {
  services: Services;
  saml?: SamlServiceProvider;
}

/**
 * The Management API surface (`/api/v2`): in onRequest, bearer authentication (401), the rate
 * limit (429) and the route's scope (403), all before the body is parsed; Auth0's error body for
 * everything that fails.
 */
export const managementPlugin: FastifyPluginAsync<ManagementOptions> = async (app, { services, verifyToken, saml }) => {
  app.decorateRequest('principal', undefined);
  useStrictJsonParser(app, () => new DomainError('invalid_body', INVALID_UTF8_MESSAGE));

  const gate: BearerGate<Principal> = {
    verifyToken,
    limiter: services.managementRateLimiter,
    bucketOf: (principal, ip) => (principal ? `mgmt:client:${principal.clientId}` : `mgmt:ip:${ip}`),
    tooManyRequests: () => new DomainError('too_many_requests', 'Global limit has been reached'),
  };
  app.addHook('onRequest', async (request, reply) => {
    request.principal = await passBearerGate(request, reply, gate);
    // The scope is checked here, before the body is parsed or validated: a caller without the
    // scope gets 403, never the validation errors that would teach it the route's schema.
    const scope = request.routeOptions.config.scope;
    const anyOf = typeof scope === 'string' ? [scope] : (scope ?? []);
    if (anyOf.length > 0 && !anyOf.some((s) => request.principal?.scopes.has(s))) {
      throw new DomainError('insufficient_scope', `Insufficient scope; expected any of: ${anyOf.join(',')}.`);
    }
  });

  app.setErrorHandler(async (error, request, reply) => {
    const body = toApiError(error, request);
    await recordFailedCall(services.events, request, body);
    return sendApiError(reply, body);
  });
  app.setNotFoundHandler(async (request, reply) => {
    const body = { statusCode: 404, error: 'Not Found', message: 'Not Found', errorCode: 'inexistent_route' };
    await recordFailedCall(services.events, request, body);
    return sendApiError(reply, body);
  });

  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const opts = { services, saml };
  for (const routes of [
    organizationsRoutes,
    organizationConnectionsRoutes,
    connectionsRoutes,
    usersRoutes,
    rolesRoutes,
    membersRoutes,
    invitationsRoutes,
    clientsRoutes,
    clientGrantsRoutes,
    resourceServersRoutes,
    samlSpRoutes,
    jobsRoutes,
    statsRoutes,
    logsRoutes,
    logStreamsRoutes,
    discoveryDomainsRoutes,
    scimConfigurationRoutes,
    keysRoutes,
    selfServiceProfilesRoutes,
    connectionProfilesRoutes,
    guardianRoutes,
  ]) {
    await api.register(routes, opts);
  }
};
