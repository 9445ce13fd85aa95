import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pageRequest } from '../../domain/shared/pagination.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { userRolesRoutes } from './user-roles.routes.js';
import { userAuthenticationMethodsRoutes } from './user-authentication-methods.routes.js';
import { PagingQuery, errorResponses, pagedBody, pagedResponse } from '../schemas.js';
import {
  IdentityBody,
  IdentityResponse,
  UserCreateBody,
  UserId,
  UserOrganizationResponse,
  UserPatchBody,
  UserResponse,
} from './users.schemas.js';

const tags = ['Users'];
const IdParams = Type.Object({ id: UserId });
const identities = Type.Array(Type.Ref('UserIdentity'));

const ListQuery = Type.Object(
  {
    ...PagingQuery,
    q: Type.Optional(
      Type.String({
        maxLength: 1024,
        description: 'Search: field:value, field:"exact", field:prefix*, or a bare term (email or name prefix).',
      }),
    ),
    sort: Type.Optional(Type.String({ maxLength: 64, description: 'field:1 (ascending) or field:-1 (descending).' })),
    search_engine: Type.Optional(
      Type.Union([Type.Literal('v1'), Type.Literal('v2'), Type.Literal('v3')], {
        description: 'Accepted for compatibility; one engine serves all.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** `/users`, `/users-by-email` and `/users/{id}/identities|organizations|roles`: Auth0's user endpoints. */
export const usersRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, options) => {
  const { users } = options.services;
  await app.register(userRolesRoutes, options);
  await app.register(userAuthenticationMethodsRoutes, options);
  app.addSchema(IdentityResponse);
  app.addSchema(UserResponse);
  app.addSchema(UserOrganizationResponse);

  app.post(
    '/users',
    {
      config: { scope: 'create:users' },
      schema: { tags, summary: 'Create a user', body: UserCreateBody, response: { 201: Type.Ref('User'), ...errorResponses(409) } },
    },
    async (request, reply) => reply.code(201).send(await users.create(actorOf(request), request.body)),
  );

  app.get(
    '/users',
    {
      config: { scope: 'read:users' },
      schema: {
        tags,
        summary: 'List or search users',
        querystring: ListQuery,
        response: { 200: pagedResponse('users', Type.Ref('User')), ...errorResponses() },
      },
    },
    async (request) => {
      const { q, sort } = request.query;
      return pagedBody('users', request.query, await users.list(pageRequest(request.query), { q, sort }));
    },
  );

  app.get(
    '/users-by-email',
    {
      config: { scope: 'read:users' },
      schema: {
        tags,
        summary: 'Search users by email (case-insensitive)',
        querystring: Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }) }, { additionalProperties: false }),
        response: { 200: Type.Array(Type.Ref('User')), ...errorResponses() },
      },
    },
    async (request) => users.findByEmail(request.query.email),
  );

  app.get(
    '/users/:id',
    {
      config: { scope: 'read:users' },
      schema: { tags, summary: 'Get a user', params: IdParams, response: { 200: Type.Ref('User'), ...errorResponses(404) } },
    },
    async (request) => users.get(request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      config: { scope: 'update:users' },
      schema: {
        tags,
        summary: 'Update a user',
        params: IdParams,
        body: UserPatchBody,
        response: { 200: Type.Ref('User'), ...errorResponses(404, 409) },
      },
    },
    async (request) => users.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/users/:id',
    {
      config: { scope: 'delete:users' },
      schema: { tags, summary: 'Delete a user', params: IdParams, response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await users.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/users/:id/organizations',
    {
      config: { scope: 'read:users' },
      schema: {
        tags,
        summary: "List the user's organizations",
        params: IdParams,
        querystring: Type.Object(PagingQuery, { additionalProperties: false }),
        response: { 200: pagedResponse('organizations', Type.Ref('UserOrganization')), ...errorResponses(404) },
      },
    },
    async (request) =>
      pagedBody('organizations', request.query, await users.listOrganizations(request.params.id, pageRequest(request.query))),
  );

  app.post(
    '/users/:id/identities',
    {
      config: { scope: 'update:users' },
      schema: {
        tags,
        summary: 'Link an account (Auth0) or assign an enterprise identity (Kinde, type "enterprise")',
        params: IdParams,
        body: IdentityBody,
        response: { 201: identities, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await users.addIdentity(actorOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/users/:id/identities/:provider/:user_id',
    {
      config: { scope: 'update:users' },
      schema: {
        tags,
        summary: 'Unlink a user identity',
        params: Type.Object({
          id: UserId,
          provider: Type.String({ minLength: 1, maxLength: 50 }),
          user_id: Type.String({ minLength: 1, maxLength: 300 }),
        }),
        response: { 200: identities, ...errorResponses(404) },
      },
    },
    async (request) => users.unlink(actorOf(request), request.params.id, request.params.provider, request.params.user_id),
  );
};
