import type { FastifyPluginAsync } from 'fastify';
import type { ScimRouteOptions } from './plugin.js';
import { scimActorOf } from './scim.actor.js';
import { project } from './scim-attributes.js';
import { sendScim } from './scim-errors.js';
import { listQuery } from './scim-filter.js';
import { applyPatch, operationsOf } from './scim-patch.js';
import { renderList, renderResource } from './scim-resources.js';
import type { ScimResource } from '../domain/scim/index.js';

type Params = { connectionId: string; id: string };
type ListParams = { filter?: string; startIndex?: string; count?: string; attributes?: string; excludedAttributes?: string };

/** `/Users` (RFC 7644 §3.3–3.6): each call one domain command or read; the wire shape made here. */
export const usersRoutes: FastifyPluginAsync<ScimRouteOptions> = async (app, { services, baseOf }) => {
  const users = services.scim.users;
  const render = (connectionId: string, query: ListParams) => (stored: Parameters<typeof renderResource>[2]) =>
    project(renderResource(baseOf(connectionId), 'User', stored), query);

  app.get<{ Params: { connectionId: string }; Querystring: ListParams }>(
    '/Users',
    { config: { scimScope: 'get:users' } },
    async (request, reply) => {
      const query = listQuery(request.query, 'User');
      const result = await users.list(request.params.connectionId, query);
      return sendScim(reply, 200, renderList(result, query.startIndex, render(request.params.connectionId, request.query)));
    },
  );

  app.post<{ Params: { connectionId: string }; Body: ScimResource }>(
    '/Users',
    { config: { scimScope: 'post:users' } },
    async (request, reply) => {
      const created = await users.create(scimActorOf(request), request.params.connectionId, request.body ?? {});
      const body = renderResource(baseOf(request.params.connectionId), 'User', created);
      reply.header('Location', (body.meta as { location: string }).location);
      return sendScim(reply, 201, body);
    },
  );

  app.get<{ Params: Params; Querystring: ListParams }>('/Users/:id', { config: { scimScope: 'get:users' } }, async (request, reply) => {
    const stored = await users.get(request.params.connectionId, request.params.id);
    return sendScim(reply, 200, render(request.params.connectionId, request.query)(stored));
  });

  app.put<{ Params: Params; Body: ScimResource }>('/Users/:id', { config: { scimScope: 'put:users' } }, async (request, reply) => {
    const { connectionId, id } = request.params;
    const stored = await users.replace(scimActorOf(request), connectionId, id, request.body ?? {});
    return sendScim(reply, 200, renderResource(baseOf(connectionId), 'User', stored));
  });

  app.patch<{ Params: Params; Body: unknown }>('/Users/:id', { config: { scimScope: 'patch:users' } }, async (request, reply) => {
    const { connectionId, id } = request.params;
    const operations = operationsOf(request.body);
    const stored = await users.patch(scimActorOf(request), connectionId, id, (current) => applyPatch(current, operations));
    return sendScim(reply, 200, renderResource(baseOf(connectionId), 'User', stored));
  });

  app.delete<{ Params: Params }>('/Users/:id', { config: { scimScope: 'delete:users' } }, async (request, reply) => {
    await users.remove(scimActorOf(request), request.params.connectionId, request.params.id);
    return reply.code(204).send();
  });
};
