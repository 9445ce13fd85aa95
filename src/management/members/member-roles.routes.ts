import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OrganizationId } from '../organizations/organizations.schemas.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { offsetPage } from '../roles/roles.routes.js';
import { OffsetPagingQuery } from '../roles/roles.schemas.js';
import { errorResponses, pagedBody, pagedResponse } from '../schemas.js';
import { MemberRoleResponse, MemberRolesBody, UserId } from './members.schemas.js';

const tags = ['Organizations'];
const Params = Type.Object({ id: OrganizationId, user_id: UserId });

/** `/organizations/{id}/members/{user_id}/roles`: the roles a member holds in the organization. */
export const memberRolesRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { memberships } = services;
  app.addSchema(MemberRoleResponse);

  app.get(
    '/organizations/:id/members/:user_id/roles',
    {
      config: { scope: 'read:organization_member_roles' },
      schema: {
        tags,
        summary: 'Get user roles assigned to an organization member',
        params: Params,
        querystring: OffsetPagingQuery,
        response: { 200: pagedResponse('roles', Type.Ref('MembersRole')), ...errorResponses(404) },
      },
    },
    async (request) =>
      pagedBody('roles', request.query, await memberships.listRoles(request.params.id, request.params.user_id, offsetPage(request.query))),
  );

  app.post(
    '/organizations/:id/members/:user_id/roles',
    {
      config: { scope: 'create:organization_member_roles' },
      schema: {
        tags,
        summary: 'Assign user roles to an organization member',
        params: Params,
        body: MemberRolesBody,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await memberships.assignRoles(actorOf(request), request.params.id, request.params.user_id, request.body.roles);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/organizations/:id/members/:user_id/roles',
    {
      config: { scope: 'delete:organization_member_roles' },
      schema: {
        tags,
        summary: 'Delete user roles from an organization member',
        params: Params,
        body: MemberRolesBody,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await memberships.removeRoles(actorOf(request), request.params.id, request.params.user_id, request.body.roles);
      return reply.code(204).send(null);
    },
  );
};
