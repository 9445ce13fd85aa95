import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { pageRequest } from '../../domain/shared/pagination.js';
import { OrganizationId } from '../organizations/organizations.schemas.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { errorResponses, pagedBody, pagedResponse } from '../schemas.js';
import { memberFields } from './member-fields.js';
import { memberRolesRoutes } from './member-roles.routes.js';
import { MemberResponse, MembersBody, MembersListQuery } from './members.schemas.js';

const tags = ['Organizations'];
const IdParams = Type.Object({ id: OrganizationId });

/** `/organizations/{id}/members`, and the member roles under it. */
export const membersRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, options) => {
  const { memberships } = options.services;
  app.addSchema(MemberResponse);

  app.post(
    '/organizations/:id/members',
    {
      config: { scope: 'create:organization_members' },
      schema: {
        tags,
        summary: 'Add members to an organization',
        params: IdParams,
        body: MembersBody,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await memberships.add(actorOf(request), request.params.id, request.body.members);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/organizations/:id/members',
    {
      config: { scope: 'read:organization_members' },
      schema: {
        tags,
        summary: 'Get members who belong to an organization',
        params: IdParams,
        querystring: MembersListQuery,
        response: { 200: pagedResponse('members', Type.Ref('MembersMember')), ...errorResponses(404) },
      },
    },
    async (request) => {
      const fields = memberFields(request.query);
      const page = await memberships.list(request.params.id, pageRequest(request.query), { includeRoles: fields.includeRoles });
      return pagedBody('members', request.query, { ...page, items: page.items.map(fields.project) });
    },
  );

  app.delete(
    '/organizations/:id/members',
    {
      config: { scope: 'delete:organization_members' },
      schema: {
        tags,
        summary: 'Delete members from an organization',
        params: IdParams,
        body: MembersBody,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await memberships.remove(actorOf(request), request.params.id, request.body.members);
      return reply.code(204).send(null);
    },
  );

  await app.register(memberRolesRoutes, options);
};
