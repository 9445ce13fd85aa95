import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEFAULT_PER_PAGE, type OffsetPage } from '../../domain/shared/pagination.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { errorResponses, pagedBody } from '../schemas.js';
import {
  OrganizationConnectionBody,
  OrganizationConnectionListQuery,
  OrganizationConnectionParams,
  OrganizationConnectionPatchBody,
  OrganizationConnectionResponse,
  OrganizationParams,
  listResponse,
} from './organization-connections.schemas.js';

const tags = ['Organizations'];

function offsetPage(query: { page?: number; per_page?: number; include_totals?: boolean }): OffsetPage {
  return {
    kind: 'offset',
    page: query.page ?? 0,
    perPage: query.per_page ?? DEFAULT_PER_PAGE,
    includeTotals: query.include_totals ?? false,
  };
}

/**
 * `/organizations/{id}/enabled_connections` and the newer `/organizations/{id}/connections`:
 * the same operations on the same data; the list key differs.
 */
export const organizationConnectionsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { organizationConnections } = services;
  app.addSchema(OrganizationConnectionResponse);
  const item = Type.Ref('OrganizationConnectionsItem');

  for (const [segment, listKey] of [
    ['enabled_connections', 'enabled_connections'],
    ['connections', 'connections'],
  ] as const) {
    const base = `/organizations/:id/${segment}`;

    app.get(
      base,
      {
        config: { scope: 'read:organization_connections' },
        schema: {
          tags,
          summary: `Get the connections enabled for an organization (${segment})`,
          params: OrganizationParams,
          querystring: OrganizationConnectionListQuery,
          response: { 200: listResponse(listKey), ...errorResponses(404) },
        },
      },
      async (request) => {
        const { is_enabled } = request.query;
        const page = await organizationConnections.list(request.params.id, { is_enabled }, offsetPage(request.query));
        return pagedBody(listKey, request.query, page);
      },
    );

    app.post(
      base,
      {
        config: { scope: 'create:organization_connections' },
        schema: {
          tags,
          summary: `Enable a connection for an organization (${segment})`,
          params: OrganizationParams,
          body: OrganizationConnectionBody,
          response: { 201: item, ...errorResponses(404, 409) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await organizationConnections.enable(actorOf(request), request.params.id, request.body)),
    );

    app.get(
      `${base}/:connectionId`,
      {
        config: { scope: 'read:organization_connections' },
        schema: {
          tags,
          summary: `Get an enabled connection of an organization (${segment})`,
          params: OrganizationConnectionParams,
          response: { 200: item, ...errorResponses(404) },
        },
      },
      async (request) => organizationConnections.get(request.params.id, request.params.connectionId),
    );

    app.patch(
      `${base}/:connectionId`,
      {
        config: { scope: 'update:organization_connections' },
        schema: {
          tags,
          summary: `Modify an enabled connection of an organization (${segment})`,
          params: OrganizationConnectionParams,
          body: OrganizationConnectionPatchBody,
          response: { 200: item, ...errorResponses(404) },
        },
      },
      async (request) => organizationConnections.update(actorOf(request), request.params.id, request.params.connectionId, request.body),
    );

    app.delete(
      `${base}/:connectionId`,
      {
        config: { scope: 'delete:organization_connections' },
        schema: {
          tags,
          summary: `Disable a connection for an organization (${segment})`,
          params: OrganizationConnectionParams,
          response: { 204: Type.Null(), ...errorResponses(404) },
        },
      },
      async (request, reply) => {
        await organizationConnections.disable(actorOf(request), request.params.id, request.params.connectionId);
        return reply.code(204).send(null);
      },
    );
  }
};
