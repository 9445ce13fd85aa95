import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../domain/services.js';
import type { ScimCaller } from '../domain/scim/index.js';
import { DomainError } from '../domain/errors.js';
import { useStrictJsonParser } from '../shared/json-body.js';
import { ScimProtocolError, sendScim, sendScimError, toScimError } from './scim-errors.js';
import { MAX_RESULTS } from './scim-filter.js';
import { resourceTypes, schemaDefinitions, serviceProviderConfig } from './scim-schemas.js';
import { usersRoutes } from './users.routes.js';
import { groupsRoutes } from './groups.routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    scim?: ScimCaller;
  }
  interface FastifyContextConfig {
    /** The SCIM token scope a route requires (Auth0's `get:users`, `patch:groups`…). */
    scimScope?: string;
  }
}

export interface ScimOptions {
  services: Services;
  /** The public issuer URL, for the resources' `meta.location`. */
  issuer: string;
}

export interface ScimRouteOptions {
  services: Services;
  /** `<issuer>/scim/v2/connections/{id}`: where a connection's resources live. */
  baseOf: (connectionId: string) => string;
}

/**
 * The SCIM 2.0 service provider of each enterprise connection (`/scim/v2/connections/{id}`), RFC
 * 7643/7644. In onRequest: the connection's bearer token (401), its rate limit (429), then the
 * route's token scope (403). Bodies are application/scim+json (application/json accepted); every failure is a SCIM
 * error body.
 */
export const scimPlugin: FastifyPluginAsync<ScimOptions> = async (app, { services, issuer }) => {
  app.decorateRequest('scim', undefined);
  const invalidUtf8 = () => new ScimProtocolError('invalidSyntax', 'The body is not valid UTF-8 JSON.');
  useStrictJsonParser(app, invalidUtf8);
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/scim+json', { parseAs: 'string' }, parseJson);
  // The Management API's OpenAPI document describes /api/v2 only.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true } as typeof route.schema;
  });

  app.addHook('onRequest', async (request, reply) => {
    const { connectionId } = request.params as { connectionId?: string };
    const header = request.headers.authorization;
    const token = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
    request.scim = await services.scim.configurations.authenticate(connectionId ?? '', token);
    // Per token, after its check: an IdP stuck in a sync loop slows down without starving the others.
    const decision = await services.scim.rateLimiter.hit(`scim:token:${request.scim.tokenId}`);
    reply.header('X-RateLimit-Limit', decision.limit);
    reply.header('X-RateLimit-Remaining', decision.remaining);
    reply.header('X-RateLimit-Reset', decision.reset);
    if (!decision.allowed) {
      reply.header('Retry-After', decision.retryAfter);
      throw new DomainError('too_many_requests', 'Too many SCIM requests for this token; retry after the time in Retry-After.');
    }
    const scope = request.routeOptions.config.scimScope;
    if (scope && !request.scim.scopes.has(scope)) throw new DomainError('insufficient_scope', `The SCIM token lacks the scope ${scope}.`);
  });

  app.setErrorHandler(async (error, request, reply) => {
    const body = toScimError(error);
    if (Number(body.status) >= 500) request.log.error({ err: error }, 'SCIM request failed');
    return sendScimError(reply, body);
  });
  app.setNotFoundHandler(async (_request, reply) =>
    sendScimError(reply, toScimError(new ScimProtocolError('invalidPath', 'No such SCIM endpoint.', 404))),
  );

  const baseOf = (connectionId: string) => `${issuer}/scim/v2/connections/${connectionId}`;
  await app.register(
    async (connection) => {
      connection.get<{ Params: { connectionId: string } }>('/ServiceProviderConfig', async (request, reply) =>
        sendScim(reply, 200, serviceProviderConfig(baseOf(request.params.connectionId), MAX_RESULTS)),
      );
      connection.get<{ Params: { connectionId: string } }>('/ResourceTypes', async (request, reply) => {
        const types = resourceTypes(baseOf(request.params.connectionId));
        return sendScim(reply, 200, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
          totalResults: types.length,
          startIndex: 1,
          itemsPerPage: types.length,
          Resources: types,
        });
      });
      connection.get<{ Params: { connectionId: string } }>('/Schemas', async (request, reply) => {
        const schemas = schemaDefinitions(baseOf(request.params.connectionId));
        return sendScim(reply, 200, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
          totalResults: schemas.length,
          startIndex: 1,
          itemsPerPage: schemas.length,
          Resources: schemas,
        });
      });
      connection.get<{ Params: { connectionId: string; id: string } }>('/Schemas/:id', async (request, reply) => {
        const found = schemaDefinitions(baseOf(request.params.connectionId)).find((s) => s.id === request.params.id);
        if (!found) throw new ScimProtocolError('invalidValue', 'No such schema.', 404);
        return sendScim(reply, 200, found);
      });
      await connection.register(usersRoutes, { services, baseOf });
      await connection.register(groupsRoutes, { services, baseOf });
    },
    { prefix: '/connections/:connectionId' },
  );
};
