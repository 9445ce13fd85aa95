import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { errorResponses } from '../schemas.js';
import { ConnectionId } from '../connections/connections.schemas.js';
import {
  CreatedScimTokenResponse,
  DefaultMappingResponse,
  GroupRoleMappingsBody,
  GroupRoleMappingsResponse,
  ScimConfigurationBody,
  ScimConfigurationPatchBody,
  ScimConfigurationResponse,
  ScimTokenBody,
  ScimTokenResponse,
} from './scim-configuration.schemas.js';

const tags = ['Connections'];
const IdParams = Type.Object({ id: ConnectionId });
const TokenParams = Type.Object({ id: ConnectionId, tokenId: Type.String({ maxLength: 50 }) });
const configuration = Type.Ref('ScimConfiguration');

/**
 * Auth0's `/connections/{id}/scim-configuration` (settings, default mapping, tokens), and
 * Gatehouse's group → organization role mapping of a connection in an organization.
 */
export const scimConfigurationRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { configurations, groupRoleMappings } = services.scim;
  app.addSchema(ScimConfigurationResponse);

  app.get(
    '/connections/:id/scim-configuration',
    {
      config: { scope: 'read:scim_config' },
      schema: {
        tags,
        summary: "Get a connection's SCIM configuration",
        params: IdParams,
        response: { 200: configuration, ...errorResponses(404) },
      },
    },
    async (request) => configurations.get(request.params.id),
  );

  app.post(
    '/connections/:id/scim-configuration',
    {
      config: { scope: 'create:scim_config' },
      schema: {
        tags,
        summary: 'Create a SCIM configuration',
        params: IdParams,
        body: Type.Optional(ScimConfigurationBody),
        response: { 201: configuration, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await configurations.create(actorOf(request), request.params.id, request.body ?? {})),
  );

  app.patch(
    '/connections/:id/scim-configuration',
    {
      config: { scope: 'update:scim_config' },
      schema: {
        tags,
        summary: 'Update a SCIM configuration',
        params: IdParams,
        body: ScimConfigurationPatchBody,
        response: { 200: configuration, ...errorResponses(404) },
      },
    },
    async (request) => configurations.update(actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/connections/:id/scim-configuration',
    {
      config: { scope: 'delete:scim_config' },
      schema: { tags, summary: 'Delete a SCIM configuration', params: IdParams, response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await configurations.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/connections/:id/scim-configuration/default-mapping',
    {
      config: { scope: 'read:scim_config' },
      schema: {
        tags,
        summary: 'Get the default SCIM mapping',
        params: IdParams,
        response: { 200: DefaultMappingResponse, ...errorResponses(404) },
      },
    },
    async (request) => configurations.defaultMapping(request.params.id),
  );

  app.get(
    '/connections/:id/scim-configuration/tokens',
    {
      config: { scope: 'read:scim_token' },
      schema: {
        tags,
        summary: "Get a connection's SCIM tokens",
        params: IdParams,
        response: { 200: Type.Array(ScimTokenResponse), ...errorResponses(404) },
      },
    },
    async (request) => configurations.listTokens(request.params.id),
  );

  app.post(
    '/connections/:id/scim-configuration/tokens',
    {
      config: { scope: 'create:scim_token' },
      schema: {
        tags,
        summary: 'Create a SCIM token',
        description: 'The token is in this answer only; Gatehouse keeps its hash. At most 2 active tokens per connection.',
        params: IdParams,
        body: Type.Optional(ScimTokenBody),
        response: { 201: CreatedScimTokenResponse, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await configurations.createToken(actorOf(request), request.params.id, request.body ?? {})),
  );

  app.delete(
    '/connections/:id/scim-configuration/tokens/:tokenId',
    {
      config: { scope: 'delete:scim_token' },
      schema: { tags, summary: 'Delete a SCIM token', params: TokenParams, response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await configurations.removeToken(actorOf(request), request.params.id, request.params.tokenId);
      return reply.code(204).send(null);
    },
  );

  const MappingParams = Type.Object({ id: Type.String({ maxLength: 50 }), connectionId: ConnectionId });

  app.get(
    '/organizations/:id/enabled_connections/:connectionId/group_role_mappings',
    {
      config: { scope: 'read:organization_connections' },
      schema: {
        tags: ['Organizations'],
        summary: 'Get the group to role mapping of a connection in an organization (Gatehouse)',
        params: MappingParams,
        response: { 200: GroupRoleMappingsResponse, ...errorResponses(404) },
      },
    },
    async (request) => ({ mappings: await groupRoleMappings.get(request.params.id, request.params.connectionId) }),
  );

  app.put(
    '/organizations/:id/enabled_connections/:connectionId/group_role_mappings',
    {
      config: { scope: 'update:organization_connections' },
      schema: {
        tags: ['Organizations'],
        summary: 'Replace the group to role mapping of a connection in an organization (Gatehouse)',
        description:
          "Members of a mapped group (SCIM, or a login's groups) hold its roles in the organization; mapped roles are removed when no group grants them.",
        params: MappingParams,
        body: GroupRoleMappingsBody,
        response: { 200: GroupRoleMappingsResponse, ...errorResponses(404) },
      },
    },
    async (request) => ({
      mappings: await groupRoleMappings.replace(actorOf(request), request.params.id, request.params.connectionId, request.body.mappings),
    }),
  );
};
