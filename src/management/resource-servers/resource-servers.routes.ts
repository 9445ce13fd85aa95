import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pageRequest } from '../../domain/shared/pagination.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { PagingQuery, errorResponses, pagedBody, pagedResponse } from '../schemas.js';
import { ResourceServerBody, ResourceServerKey, ResourceServerPatchBody, ResourceServerResponse } from './resource-servers.schemas.js';

const tags = ['Resource Servers'];
const IdParams = Type.Object({ id: ResourceServerKey });
const resourceServer = Type.Ref('ResourceServersResourceServer');

/** `/resource-servers`: Auth0's API endpoints; `{id}` is the id or the URL-encoded identifier. */
export const resourceServersRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { resourceServers } = services;
  app.addSchema(ResourceServerResponse);

  app.post(
    '/resource-servers',
    {
      config: { scope: 'create:resource_servers' },
      schema: {
        tags,
        summary: 'Create a resource server',
        body: ResourceServerBody,
        response: { 201: resourceServer, ...errorResponses(409) },
      },
    },
    async (request, reply) => reply.code(201).send(await resourceServers.create(actorOf(request), request.body)),
  );

  app.get(
    '/resource-servers',
    {
      config: { scope: 'read:resource_servers' },
      schema: {
        tags,
        summary: 'Get resource servers',
        querystring: Type.Object(PagingQuery, { additionalProperties: false }),
        response: { 200: pagedResponse('resource_servers', resourceServer), ...errorResponses() },
      },
    },
    async (request) => pagedBody('resource_servers', request.query, await resourceServers.list(pageRequest(request.query))),
  );

  app.get(
    '/resource-servers/:id',
    {
      config: { scope: 'read:resource_servers' },
      schema: { tags, summary: 'Get a resource server', params: IdParams, response: { 200: resourceServer, ...errorResponses(404) } },
    },
    async (request) => resourceServers.get(request.params.id),
  );

  app.patch(
    '/resource-servers/:id',
    {
      config: { scope: 'update:resource_servers' },
      schema: {
        tags,
        summary: 'Update a resource server',
        params: IdParams,
        body: ResourceServerPatchBody,
        response: { 200: resourceServer, ...errorResponses(404) },
      },
    },
    async (request) => resourceServers.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/resource-servers/:id',
    {
      config: { scope: 'delete:resource_servers' },
      schema: { tags, summary: 'Delete a resource server', params: IdParams, response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await resourceServers.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
