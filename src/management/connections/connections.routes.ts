import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { redactOptions } from '../../domain/connections/connections.options.js';
import type { Connection } from '../../domain/connections/connections.types.js';
import { pageRequest } from '../../domain/shared/pagination.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { withFetchedMetadata } from '../../federation/saml/fetch-metadata.js';
import { PagingQuery, errorResponses, pagedBody, pagedResponse } from '../schemas.js';
import {
  ConnectionBody,
  ConnectionId,
  ConnectionListQuery,
  ConnectionPatchBody,
  ConnectionResponse,
  EnabledClientsPatchBody,
  EnabledClientsQuery,
  EnabledClientsResponse,
} from './connections.schemas.js';

const tags = ['Connections'];
const IdParams = Type.Object({ id: ConnectionId });
const ListQuery = Type.Object({ ...ConnectionListQuery.properties, ...PagingQuery }, { additionalProperties: false });

/** Secrets are write-only: every response goes through here. */
function wire(connection: Connection) {
  const { created_at: _c, updated_at: _u, ...rest } = connection;
  return { ...rest, options: redactOptions(connection.options) };
}

/** `/connections`: Auth0's connection endpoints. */
export const connectionsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { connections } = services;
  app.addSchema(ConnectionResponse);
  const item = Type.Ref('ConnectionsConnection');

  app.post(
    '/connections',
    {
      config: { scope: 'create:connections' },
      schema: { tags, summary: 'Create a connection', body: ConnectionBody, response: { 201: item, ...errorResponses(409) } },
    },
    async (request, reply) => {
      const options = await withFetchedMetadata(request.body.strategy, request.body.options);
      return reply.code(201).send(wire(await connections.create(actorOf(request), { ...request.body, options })));
    },
  );

  app.get(
    '/connections',
    {
      config: { scope: 'read:connections' },
      schema: {
        tags,
        summary: 'Get all connections',
        querystring: ListQuery,
        response: { 200: pagedResponse('connections', item), ...errorResponses() },
      },
    },
    async (request) => {
      const { strategy, name, domain } = request.query;
      const page = await connections.list({ strategy, name, domain }, pageRequest(request.query));
      return pagedBody('connections', request.query, { ...page, items: page.items.map(wire) });
    },
  );

  app.get(
    '/connections/:id',
    {
      config: { scope: 'read:connections' },
      schema: { tags, summary: 'Get a connection', params: IdParams, response: { 200: item, ...errorResponses(404) } },
    },
    async (request) => wire(await connections.get(request.params.id)),
  );

  app.patch(
    '/connections/:id',
    {
      config: { scope: 'update:connections' },
      schema: {
        tags,
        summary: 'Update a connection',
        params: IdParams,
        body: ConnectionPatchBody,
        response: { 200: item, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const current = await connections.get(request.params.id);
      const options = await withFetchedMetadata(current.strategy, request.body.options);
      return wire(await connections.update(actorOf(request), request.params.id, { ...request.body, ...(options ? { options } : {}) }));
    },
  );

  app.get(
    '/connections/:id/clients',
    {
      config: { scope: 'read:connections' },
      schema: {
        tags,
        summary: 'Get enabled clients for a connection',
        params: IdParams,
        querystring: EnabledClientsQuery,
        response: { 200: EnabledClientsResponse, ...errorResponses(404) },
      },
    },
    async (request) => {
      const page = await connections.enabledClients(request.params.id, {
        from: request.query.from || undefined,
        take: request.query.take ?? 50,
      });
      return { clients: page.clients.map((client_id) => ({ client_id })), ...(page.next ? { next: page.next } : {}) };
    },
  );

  app.patch(
    '/connections/:id/clients',
    {
      config: { scope: 'update:connections' },
      schema: {
        tags,
        summary: 'Update enabled clients for a connection',
        params: IdParams,
        body: EnabledClientsPatchBody,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await connections.changeEnabledClients(actorOf(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/connections/:id',
    {
      config: { scope: 'delete:connections' },
      schema: { tags, summary: 'Delete a connection', params: IdParams, response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await connections.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
