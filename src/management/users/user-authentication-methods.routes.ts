import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { OffsetPagingQuery } from '../roles/roles.schemas.js';
import { errorResponses, pagedBody, pagedResponse } from '../schemas.js';
import { UserId } from './users.schemas.js';

const tags = ['Users'];
const IdParams = Type.Object({ id: UserId });
const MethodParams = Type.Object({ id: UserId, authentication_method_id: Type.String({ minLength: 1, maxLength: 128 }) });

/** Auth0's UserAuthenticationMethod, as far as Gatehouse's factors fill it. */
const AuthenticationMethod = Type.Object({
  id: Type.String(),
  type: Type.String(),
  confirmed: Type.Boolean(),
  name: Type.Optional(Type.String()),
  created_at: Type.String(),
  enrolled_at: Type.Optional(Type.String()),
  last_auth_at: Type.Optional(Type.String()),
  key_id: Type.Optional(Type.String()),
  public_key: Type.Optional(Type.String()),
  transports: Type.Optional(Type.Array(Type.String())),
  relying_party_identifier: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
});

/** `/users/{id}/authentication-methods` and `/users/{id}/multifactor/…`: a user's second factors, as in Auth0. */
export const userAuthenticationMethodsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { mfa } = services;

  app.get(
    '/users/:id/authentication-methods',
    {
      config: { scope: 'read:authentication_methods' },
      schema: {
        tags,
        summary: "Get a user's authentication methods",
        params: IdParams,
        querystring: OffsetPagingQuery,
        response: { 200: pagedResponse('authenticators', AuthenticationMethod), ...errorResponses(404) },
      },
    },
    async (request) => {
      const all = await mfa.list(request.params.id);
      const perPage = request.query.per_page ?? 50;
      const start = (request.query.page ?? 0) * perPage;
      return pagedBody(
        'authenticators',
        { ...request.query, per_page: perPage },
        { items: all.slice(start, start + perPage), total: all.length },
      );
    },
  );

  app.get(
    '/users/:id/authentication-methods/:authentication_method_id',
    {
      config: { scope: 'read:authentication_methods' },
      schema: {
        tags,
        summary: 'Get an authentication method by ID',
        params: MethodParams,
        response: { 200: AuthenticationMethod, ...errorResponses(404) },
      },
    },
    async (request) => mfa.get(request.params.id, request.params.authentication_method_id),
  );

  app.delete(
    '/users/:id/authentication-methods',
    {
      config: { scope: 'delete:authentication_methods' },
      schema: {
        tags,
        summary: 'Delete all authentication methods for the given user',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await mfa.removeAll(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/users/:id/authentication-methods/:authentication_method_id',
    {
      config: { scope: 'delete:authentication_methods' },
      schema: {
        tags,
        summary: 'Delete an authentication method by ID',
        params: MethodParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await mfa.remove(actorOf(request), request.params.id, request.params.authentication_method_id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/users/:id/multifactor/actions/invalidate-remember-browser',
    {
      config: { scope: 'update:users' },
      schema: {
        tags,
        summary: 'Invalidate all remembered browsers across all authentication factors for a user',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await mfa.invalidateRememberBrowser(request.params.id);
      return reply.code(204).send(null);
    },
  );
};
