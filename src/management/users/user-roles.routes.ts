import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError } from '../../domain/errors.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { offsetPage } from '../roles/roles.routes.js';
import { OffsetPagingQuery, RoleId } from '../roles/roles.schemas.js';
import { errorResponses, pagedBody, pagedResponse } from '../schemas.js';
import { UserId } from './users.schemas.js';

const tags = ['Users'];
const IdParams = Type.Object({ id: UserId });
const RolesBody = Type.Object(
  {
    roles: Type.Array(RoleId, { minItems: 1, maxItems: 100, description: 'List of roles IDs to associate with the user.' }),
  },
  { additionalProperties: false },
);
const UserRole = Type.Object({ id: Type.String(), name: Type.String(), description: Type.Optional(Type.String()) });

/** `/users/{id}/roles`: Auth0's tenant role assignment of a user. */
export const userRolesRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { users } = services;

  app.get(
    '/users/:id/roles',
    {
      config: { scope: 'read:users' },
      // Auth0 asks for read:roles as well: the answer describes roles. onRequest, after the plugin's
      // own scope check, so that the query is validated only for a caller holding both.
      onRequest: async (request) => {
        if (!request.principal?.scopes.has('read:roles'))
          throw new DomainError('insufficient_scope', 'Insufficient scope; expected any of: read:roles.');
      },
      schema: {
        tags,
        summary: "Get a user's roles",
        params: IdParams,
        querystring: OffsetPagingQuery,
        response: { 200: pagedResponse('roles', UserRole), ...errorResponses(404) },
      },
    },
    async (request) => pagedBody('roles', request.query, await users.listRoles(request.params.id, offsetPage(request.query))),
  );

  // Auth0 answers 201 with no body.
  // Auth0's scopes for assigning roles: `update:users` alone must not be able to make a user a
  // tenant administrator.
  app.post(
    '/users/:id/roles',
    {
      config: { scope: 'create:role_members' },
      schema: {
        tags,
        summary: 'Assign roles to a user',
        params: IdParams,
        body: RolesBody,
        response: { 201: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await users.assignRoles(actorOf(request), request.params.id, request.body.roles);
      return reply.code(201).send(null);
    },
  );

  app.delete(
    '/users/:id/roles',
    {
      config: { scope: 'delete:role_members' },
      schema: {
        tags,
        summary: 'Removes roles from a user',
        params: IdParams,
        body: RolesBody,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await users.removeRoles(actorOf(request), request.params.id, request.body.roles);
      return reply.code(204).send(null);
    },
  );
};
