import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pageRequest } from '../../domain/shared/pagination.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { PagingQuery, errorResponses, pagedBody, pagedResponse } from '../schemas.js';
import {
  ClientGrantBody,
  ClientGrantId,
  ClientGrantListQuery,
  ClientGrantPatchBody,
  ClientGrantResponse,
} from './client-grants.schemas.js';

const tags = ['Client Grants'];
const IdParams = Type.Object({ id: ClientGrantId });
const clientGrant = Type.Ref('ClientGrantsClientGrant');

/** `/client-grants`: Auth0's client grant endpoints. */
export const clientGrantsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { clientGrants } = services;
  app.addSchema(ClientGrantResponse);

  app.post(
    '/client-grants',
    {
      config: { scope: 'create:client_grants' },
      schema: { tags, summary: 'Create client grant', body: ClientGrantBody, response: { 201: clientGrant, ...errorResponses(404, 409) } },
    },
    async (request, reply) => reply.code(201).send(await clientGrants.create(actorOf(request), request.body)),
  );

  app.get(
    '/client-grants',
    {
      config: { scope: 'read:client_grants' },
      schema: {
        tags,
        summary: 'Get client grants',
        querystring: Type.Object({ ...PagingQuery, ...ClientGrantListQuery }, { additionalProperties: false }),
        response: { 200: pagedResponse('client_grants', clientGrant), ...errorResponses() },
      },
    },
    async (request) => {
      const { audience, client_id, allow_any_organization, subject_type } = request.query;
      return pagedBody(
        'client_grants',
        request.query,
        await clientGrants.list({ audience, client_id, allow_any_organization, subject_type }, pageRequest(request.query)),
      );
    },
  );

  app.patch(
    '/client-grants/:id',
    {
      config: { scope: 'update:client_grants' },
      schema: {
        tags,
        summary: 'Update client grant',
        params: IdParams,
        body: ClientGrantPatchBody,
        response: { 200: clientGrant, ...errorResponses(404) },
      },
    },
    async (request) => clientGrants.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/client-grants/:id',
    {
      config: { scope: 'delete:client_grants' },
      schema: { tags, summary: 'Delete client grant', params: IdParams, response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await clientGrants.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
