import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OrganizationId } from '../organizations/organizations.schemas.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { offsetPage } from '../roles/roles.routes.js';
import { errorResponses, pagedBody, pagedResponse } from '../schemas.js';
import { InvitationBody, InvitationId, InvitationResponse, InvitationsListQuery } from './invitations.schemas.js';

const tags = ['Organizations'];
const OrgParams = Type.Object({ id: OrganizationId });
const Params = Type.Object({ id: OrganizationId, invitation_id: InvitationId });

/** `/organizations/{id}/invitations`: Auth0's organization invitation endpoints. */
export const invitationsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { invitations } = services;
  app.addSchema(InvitationResponse);

  app.post(
    '/organizations/:id/invitations',
    {
      config: { scope: 'create:organization_invitations' },
      schema: {
        tags,
        summary: 'Create invitations to an organization',
        params: OrgParams,
        body: InvitationBody,
        response: { 201: Type.Ref('InvitationsInvitation'), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const invitation = await invitations.create(actorOf(request), request.params.id, request.body);
      // Auth0 sends the email unless told not to.
      if (request.body.send_invitation_email !== false) await services.email.sendInvitation(invitation);
      return reply.code(201).send(invitation);
    },
  );

  app.get(
    '/organizations/:id/invitations',
    {
      config: { scope: 'read:organization_invitations' },
      schema: {
        tags,
        summary: 'Get invitations to an organization',
        params: OrgParams,
        querystring: InvitationsListQuery,
        response: { 200: pagedResponse('invitations', Type.Ref('InvitationsInvitation')), ...errorResponses(404) },
      },
    },
    async (request) =>
      pagedBody(
        'invitations',
        request.query,
        await invitations.list(request.params.id, offsetPage(request.query), request.query.sort === 'created_at:1'),
      ),
  );

  app.get(
    '/organizations/:id/invitations/:invitation_id',
    {
      config: { scope: 'read:organization_invitations' },
      schema: {
        tags,
        summary: 'Get a specific invitation to an organization',
        params: Params,
        response: { 200: Type.Ref('InvitationsInvitation'), ...errorResponses(404) },
      },
    },
    async (request) => invitations.get(request.params.id, request.params.invitation_id),
  );

  app.delete(
    '/organizations/:id/invitations/:invitation_id',
    {
      config: { scope: 'delete:organization_invitations' },
      schema: {
        tags,
        summary: 'Delete an invitation to an organization',
        params: Params,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await invitations.remove(actorOf(request), request.params.id, request.params.invitation_id);
      return reply.code(204).send(null);
    },
  );
};
