import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { OffsetPage } from '../../domain/shared/pagination.js';
import { pageRequest } from '../../domain/shared/pagination.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { errorResponses, pagedBody, pagedResponse } from '../schemas.js';
import {
  OffsetPagingQuery,
  PermissionResponse,
  PermissionsBody,
  RoleBody,
  RoleId,
  RolePatchBody,
  RoleResponse,
  RolesListQuery,
} from './roles.schemas.js';

const tags = ['Roles'];
const IdParams = Type.Object({ id: RoleId });

/** Offset paging only: these lists do not take `from`/`take`. */
export function offsetPage(query: { page?: number; per_page?: number; include_totals?: boolean }): OffsetPage {
  return pageRequest(query) as OffsetPage;
}

/** `/roles`: Auth0's role endpoints and a role's permissions. */
export const rolesRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { roles } = services;
  app.addSchema(RoleResponse);
  app.addSchema(PermissionResponse);

  // Auth0 answers a created role with 200, not 201.
  app.post(
    '/roles',
    {
      config: { scope: 'create:roles' },
      schema: { tags, summary: 'Create a role', body: RoleBody, response: { 200: Type.Ref('RolesRole'), ...errorResponses(409) } },
    },
    async (request) => roles.create(actorOf(request), request.body),
  );

  app.get(
    '/roles',
    {
      config: { scope: 'read:roles' },
      schema: {
        tags,
        summary: 'Get roles',
        querystring: RolesListQuery,
        response: { 200: pagedResponse('roles', Type.Ref('RolesRole')), ...errorResponses() },
      },
    },
    async (request) => pagedBody('roles', request.query, await roles.list(offsetPage(request.query), request.query.name_filter)),
  );

  app.get(
    '/roles/:id',
    {
      config: { scope: 'read:roles' },
      schema: { tags, summary: 'Get a role', params: IdParams, response: { 200: Type.Ref('RolesRole'), ...errorResponses(404) } },
    },
    async (request) => roles.get(request.params.id),
  );

  app.patch(
    '/roles/:id',
    {
      config: { scope: 'update:roles' },
      schema: {
        tags,
        summary: 'Update a role',
        params: IdParams,
        body: RolePatchBody,
        response: { 200: Type.Ref('RolesRole'), ...errorResponses(404, 409) },
      },
    },
    async (request) => roles.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/roles/:id',
    {
      config: { scope: 'delete:roles' },
      schema: { tags, summary: 'Delete a role', params: IdParams, response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await roles.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/roles/:id/permissions',
    {
      config: { scope: 'read:roles' },
      schema: {
        tags,
        summary: 'Get permissions granted by role',
        params: IdParams,
        querystring: OffsetPagingQuery,
        response: { 200: pagedResponse('permissions', Type.Ref('RolesPermission')), ...errorResponses(404) },
      },
    },
    async (request) => pagedBody('permissions', request.query, await roles.listPermissions(request.params.id, offsetPage(request.query))),
  );

  app.post(
    '/roles/:id/permissions',
    {
      config: { scope: 'update:roles' },
      schema: {
        tags,
        summary: 'Associate permissions with a role',
        params: IdParams,
        body: PermissionsBody,
        response: { 201: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await roles.addPermissions(actorOf(request), request.params.id, request.body.permissions);
      return reply.code(201).send(null);
    },
  );

  app.delete(
    '/roles/:id/permissions',
    {
      config: { scope: 'update:roles' },
      schema: {
        tags,
        summary: 'Remove permissions from a role',
        params: IdParams,
        body: PermissionsBody,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await roles.removePermissions(actorOf(request), request.params.id, request.body.permissions);
      return reply.code(204).send(null);
    },
  );
};
