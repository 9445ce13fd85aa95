import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppType, Client } from '../../domain/clients/clients.types.js';
import { pageRequest } from '../../domain/shared/pagination.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { PagingQuery, errorResponses, pagedBody, pagedResponse } from '../schemas.js';
import { ClientBody, ClientId, ClientListQuery, ClientPatchBody, ClientResponse } from './clients.schemas.js';

const tags = ['Clients'];
const IdParams = Type.Object({ id: ClientId });
const client = Type.Ref('ClientsClient');

/** Auth0 returns client_secret only to tokens holding read:client_keys. */
function present(request: FastifyRequest, value: Client): Omit<Client, 'client_secret'> & { client_secret?: string } {
  if (request.principal?.scopes.has('read:client_keys')) return value;
  const { client_secret: _hidden, ...rest } = value;
  return rest;
}

/** `/clients`: Auth0's application endpoints. */
export const clientsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { clients } = services;
  app.addSchema(ClientResponse);

  app.post(
    '/clients',
    {
      config: { scope: 'create:clients' },
      schema: { tags, summary: 'Create a client', body: ClientBody, response: { 201: client, ...errorResponses() } },
    },
    async (request, reply) => reply.code(201).send(await clients.create(actorOf(request), request.body)),
  );

  app.get(
    '/clients',
    {
      config: { scope: 'read:clients' },
      schema: {
        tags,
        summary: 'Get clients',
        querystring: Type.Object({ ...PagingQuery, ...ClientListQuery.properties }, { additionalProperties: false }),
        response: { 200: pagedResponse('clients', client), ...errorResponses() },
      },
    },
    async (request) => {
      const { app_type, is_first_party } = request.query;
      const result = await clients.list(
        { app_type: app_type?.split(',') as AppType[] | undefined, is_first_party },
        pageRequest(request.query),
      );
      return pagedBody('clients', request.query, { ...result, items: result.items.map((c) => present(request, c)) });
    },
  );

  app.get(
    '/clients/:id',
    {
      config: { scope: 'read:clients' },
      schema: { tags, summary: 'Get client by ID', params: IdParams, response: { 200: client, ...errorResponses(404) } },
    },
    async (request) => present(request, await clients.get(request.params.id)),
  );

  app.patch(
    '/clients/:id',
    {
      config: { scope: 'update:clients' },
      schema: {
        tags,
        summary: 'Update a client',
        params: IdParams,
        body: ClientPatchBody,
        response: { 200: client, ...errorResponses(404) },
      },
    },
    async (request) => present(request, await clients.update(actorOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/clients/:id',
    {
      config: { scope: 'delete:clients' },
      schema: { tags, summary: 'Delete a client', params: IdParams, response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await clients.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/clients/:id/rotate-secret',
    {
      config: { scope: 'update:client_keys' },
      schema: { tags, summary: 'Rotate a client secret', params: IdParams, response: { 200: client, ...errorResponses(404) } },
    },
    async (request) => clients.rotateSecret(actorOf(request), request.params.id),
  );
};
