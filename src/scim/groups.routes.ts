import type { FastifyPluginAsync } from 'fastify';
import type { ScimRouteOptions } from './plugin.js';
import { scimActorOf } from './scim.actor.js';
import { excludes, project } from './scim-attributes.js';
import { sendScim } from './scim-errors.js';
import { listQuery } from './scim-filter.js';
import { applyPatch, operationsOf } from './scim-patch.js';
import { renderList, renderResource } from './scim-resources.js';
import type { ScimResource } from '../domain/scim/index.js';

type Params = { connectionId: string; id: string };
type ListParams = { filter?: string; startIndex?: string; count?: string; attributes?: string; excludedAttributes?: string };

/**
 * Members as `{ value }` only: scim-patch removes a member by a value list when the objects are
 * equal, and Entra ID sends `[{ value }]` (the `display` is read-only and comes from the user).
 */
function byValue(group: ScimResource): ScimResource {
  const members = Array.isArray(group.members) ? (group.members as { value: string }[]).map((m) => ({ value: m.value })) : group.members;
  return { ...group, members };
}

/** `/Groups`: as `/Users`; PATCH answers 204 (what Entra ID expects; Okta accepts it). */
export const groupsRoutes: FastifyPluginAsync<ScimRouteOptions> = async (app, { services, baseOf }) => {
  const groups = services.scim.groups;
  const render = (connectionId: string, query: ListParams) => (stored: Parameters<typeof renderResource>[2]) =>
    project(renderResource(baseOf(connectionId), 'Group', stored), query);

  app.get<{ Params: { connectionId: string }; Querystring: ListParams }>(
    '/Groups',
    { config: { scimScope: 'get:groups' } },
    async (request, reply) => {
      const query = { ...listQuery(request.query, 'Group'), withoutMembers: excludes(request.query, 'members') };
      const result = await groups.list(request.params.connectionId, query);
      return sendScim(reply, 200, renderList(result, query.startIndex, render(request.params.connectionId, request.query)));
    },
  );

  app.post<{ Params: { connectionId: string }; Body: ScimResource }>(
    '/Groups',
    { config: { scimScope: 'post:groups' } },
    async (request, reply) => {
      const created = await groups.create(scimActorOf(request), request.params.connectionId, request.body ?? {});
      const body = renderResource(baseOf(request.params.connectionId), 'Group', created);
      reply.header('Location', (body.meta as { location: string }).location);
      return sendScim(reply, 201, body);
    },
  );

  app.get<{ Params: Params; Querystring: ListParams }>('/Groups/:id', { config: { scimScope: 'get:groups' } }, async (request, reply) => {
    const { connectionId, id } = request.params;
    const stored = await groups.get(connectionId, id, excludes(request.query, 'members'));
    return sendScim(reply, 200, render(connectionId, request.query)(stored));
  });

  app.put<{ Params: Params; Body: ScimResource }>('/Groups/:id', { config: { scimScope: 'put:groups' } }, async (request, reply) => {
    const { connectionId, id } = request.params;
    const stored = await groups.replace(scimActorOf(request), connectionId, id, request.body ?? {});
    return sendScim(reply, 200, renderResource(baseOf(connectionId), 'Group', stored));
  });

  app.patch<{ Params: Params; Body: unknown }>('/Groups/:id', { config: { scimScope: 'patch:groups' } }, async (request, reply) => {
    const { connectionId, id } = request.params;
    const operations = operationsOf(request.body);
    await groups.patch(scimActorOf(request), connectionId, id, (current) => applyPatch(byValue(current), operations));
    return reply.code(204).send();
  });

  app.delete<{ Params: Params }>('/Groups/:id', { config: { scimScope: 'delete:groups' } }, async (request, reply) => {
    await groups.remove(scimActorOf(request), request.params.connectionId, request.params.id);
    return reply.code(204).send();
  });
};
