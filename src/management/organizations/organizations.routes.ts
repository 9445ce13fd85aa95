import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pageRequest } from '../../domain/shared/pagination.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { errorResponses, pagedBody, pagedResponse } from '../schemas.js';
import {
  OrganizationBody,
  OrganizationId,
  OrganizationName,
  OrganizationPatchBody,
  OrganizationResponse,
  OrganizationsListQuery,
} from './organizations.schemas.js';

const tags = ['Organizations'];
const IdParams = Type.Object({ id: OrganizationId });

/** `/organizations`: Auth0's organization endpoints. */
export const organizationsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { organizations } = services;
  app.addSchema(OrganizationResponse);

  app.post(
    '/organizations',
    {
      config: { scope: 'create:organizations' },
      schema: {
        tags,
        summary: 'Create an organization',
        body: OrganizationBody,
        response: { 201: Type.Ref('Organization'), ...errorResponses(409) },
      },
    },
    async (request, reply) => reply.code(201).send(await organizations.create(actorOf(request), request.body)),
  );

  app.get(
    '/organizations',
    {
      config: { scope: 'read:organizations' },
      schema: {
        tags,
        summary: 'Get organizations',
        querystring: OrganizationsListQuery,
        response: { 200: pagedResponse('organizations', Type.Ref('Organization')), ...errorResponses() },
      },
    },
    async (request) => pagedBody('organizations', request.query, await organizations.list(pageRequest(request.query), request.query.q)),
  );

  app.get(
    '/organizations/:id',
    {
      config: { scope: 'read:organizations' },
      schema: { tags, summary: 'Get organization', params: IdParams, response: { 200: Type.Ref('Organization'), ...errorResponses(404) } },
    },
    async (request) => organizations.get(request.params.id),
  );

  app.get(
    '/organizations/name/:name',
    {
      config: { scope: 'read:organizations' },
      schema: {
        tags,
        summary: 'Get organization by name',
        params: Type.Object({ name: OrganizationName }),
        response: { 200: Type.Ref('Organization'), ...errorResponses(404) },
      },
    },
    async (request) => organizations.getByName(request.params.name),
  );

  app.patch(
    '/organizations/:id',
    {
      config: { scope: 'update:organizations' },
      schema: {
        tags,
        summary: 'Modify an organization',
        params: IdParams,
        body: OrganizationPatchBody,
        response: { 200: Type.Ref('Organization'), ...errorResponses(404, 409) },
      },
    },
    async (request) => organizations.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/organizations/:id',
    {
      config: { scope: 'delete:organizations' },
      schema: { tags, summary: 'Delete organization', params: IdParams, response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await organizations.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
