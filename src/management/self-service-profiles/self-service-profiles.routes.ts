import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { offsetPage } from '../../domain/shared/pagination.js';
import type { ProfilePatch, TicketInput } from '../../domain/self-service/self-service.types.js';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { errorResponses, pagedBody, pagedResponse } from '../schemas.js';
import { ProfileBody, ProfileId, ProfilePatchBody, ProfileResponse, ProfilesQuery, TicketBody } from './self-service-profiles.schemas.js';

const tags = ['Self Service Profiles'];
const IdParams = Type.Object({ id: ProfileId });
const profile = Type.Ref('SelfServiceProfile');

/**
 * `/self-service-profiles`: Auth0's self-service profiles, and the SSO tickets that open the hosted
 * setup wizard (src/self-service) for one customer.
 */
export const selfServiceProfilesRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { selfServiceProfiles, ssoTickets } = services;
  app.addSchema(ProfileResponse);

  app.get(
    '/self-service-profiles',
    {
      config: { scope: 'read:self_service_profiles' },
      schema: {
        tags,
        summary: 'Get self-service profiles',
        querystring: ProfilesQuery,
        response: { 200: pagedResponse('self_service_profiles', profile), ...errorResponses() },
      },
    },
    async (request) => pagedBody('self_service_profiles', request.query, await selfServiceProfiles.list(offsetPage(request.query))),
  );

  app.post(
    '/self-service-profiles',
    {
      config: { scope: 'create:self_service_profiles' },
      schema: { tags, summary: 'Create a self-service profile', body: ProfileBody, response: { 201: profile, ...errorResponses() } },
    },
    async (request, reply) => reply.code(201).send(await selfServiceProfiles.create(actorOf(request), request.body)),
  );

  app.get(
    '/self-service-profiles/:id',
    {
      config: { scope: 'read:self_service_profiles' },
      schema: { tags, summary: 'Get a self-service profile by Id', params: IdParams, response: { 200: profile, ...errorResponses(404) } },
    },
    async (request) => selfServiceProfiles.get(request.params.id),
  );

  app.patch(
    '/self-service-profiles/:id',
    {
      config: { scope: 'update:self_service_profiles' },
      schema: {
        tags,
        summary: 'Update a self-service profile',
        params: IdParams,
        body: ProfilePatchBody,
        response: { 200: profile, ...errorResponses(404) },
      },
    },
    async (request) => selfServiceProfiles.update(actorOf(request), request.params.id, request.body as ProfilePatch),
  );

  app.delete(
    '/self-service-profiles/:id',
    {
      config: { scope: 'delete:self_service_profiles' },
      schema: {
        tags,
        summary: 'Delete a self-service profile by Id',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      await selfServiceProfiles.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/self-service-profiles/:id/sso-ticket',
    {
      config: { scope: 'create:sso_access_tickets' },
      schema: {
        tags,
        summary: 'Create an SSO access ticket to initiate the Self Service SSO Flow',
        params: IdParams,
        body: TicketBody,
        response: { 201: Type.Object({ ticket: Type.String() }), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await ssoTickets.create(actorOf(request), request.params.id, request.body as TicketInput)),
  );

  app.post(
    '/self-service-profiles/:profileId/sso-ticket/:id/revoke',
    {
      config: { scope: 'delete:sso_access_tickets' },
      schema: {
        tags,
        summary: 'Revoke an SSO access ticket',
        description: 'Accepted whether or not the ticket exists, as in Auth0; a session opened with it ends.',
        params: Type.Object({ profileId: ProfileId, id: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: { 202: Type.Null(), ...errorResponses() },
      },
    },
    async (request, reply) => {
      await ssoTickets.revoke(actorOf(request), request.params.profileId, request.params.id);
      return reply.code(202).send(null);
    },
  );
};
