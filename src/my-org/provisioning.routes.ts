import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ScimConfiguration } from '../domain/scim/index.js';
import type { MyOrgRouteOptions } from './plugin.js';
import { actorOf, organizationOf } from './actor.js';
import { problems } from './schemas.js';

// Auth0's My Organization API `/identity-providers/{idp_id}/provisioning` and its `scim-tokens`:
// an organization admin turns SCIM on for their identity provider and makes the tokens their IdP
// sends. The domain bounds both by the organization's access level on the connection.

const IdpId = Type.String({ minLength: 1, maxLength: 50, description: 'Identity provider identifier.' });
const TokenId = Type.String({ minLength: 1, maxLength: 50, description: 'The token identifier.' });
const Params = Type.Object({ idp_id: IdpId });
const TokenParams = Type.Object({ idp_id: IdpId, idp_scim_token_id: TokenId });

const Provisioning = Type.Object({
  identity_provider_id: Type.String(),
  identity_provider_name: Type.String(),
  strategy: Type.String(),
  method: Type.Literal('scim'),
  fields: Type.Array(Type.Object({ provisioning_field: Type.String(), user_attribute: Type.String() })),
  user_id_attribute: Type.String(),
  created_at: Type.String(),
  updated_on: Type.String(),
});

const Token = Type.Object({
  token_id: Type.String(),
  scopes: Type.Array(Type.String()),
  created_at: Type.String(),
  valid_until: Type.Optional(Type.String()),
  last_used_at: Type.Optional(Type.String()),
});
const CreatedToken = Type.Object({ ...Token.properties, token: Type.String() });

const CreateTokenBody = Type.Object(
  {
    token_lifetime: Type.Optional(
      Type.Union([Type.Integer({ description: 'Lifetime of the token in seconds. Do not set for non-expiring tokens.' }), Type.Null()]),
    ),
  },
  { additionalProperties: false },
);

function wire(configuration: ScimConfiguration) {
  return {
    identity_provider_id: configuration.connection_id,
    identity_provider_name: configuration.connection_name,
    strategy: configuration.strategy,
    method: 'scim' as const,
    fields: configuration.mapping.map((item) => ({ provisioning_field: item.scim, user_attribute: item.auth0 })),
    user_id_attribute: configuration.user_id_attribute,
    created_at: configuration.created_at,
    updated_on: configuration.updated_on,
  };
}

export const provisioningRoutes: FastifyPluginAsyncTypebox<MyOrgRouteOptions> = async (app, { services }) => {
  const provisioning = services.scim.organizationProvisioning;

  app.get(
    '/identity-providers/:idp_id/provisioning',
    {
      config: { myOrgScope: 'read:my_org:identity_providers_provisioning' },
      schema: { params: Params, response: { 200: Provisioning, ...problems(404) } },
    },
    async (request) => wire(await provisioning.get(actorOf(request), organizationOf(request), request.params.idp_id)),
  );

  app.post(
    '/identity-providers/:idp_id/provisioning',
    {
      config: { myOrgScope: 'create:my_org:identity_providers_provisioning' },
      schema: { params: Params, response: { 201: Provisioning, ...problems(404, 409) } },
    },
    async (request, reply) =>
      reply.code(201).send(wire(await provisioning.create(actorOf(request), organizationOf(request), request.params.idp_id))),
  );

  app.delete(
    '/identity-providers/:idp_id/provisioning',
    {
      config: { myOrgScope: 'delete:my_org:identity_providers_provisioning' },
      schema: { params: Params, response: { 204: Type.Null(), ...problems(404) } },
    },
    async (request, reply) => {
      await provisioning.remove(actorOf(request), organizationOf(request), request.params.idp_id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/identity-providers/:idp_id/provisioning/scim-tokens',
    {
      config: { myOrgScope: 'read:my_org:identity_providers_scim_tokens' },
      schema: { params: Params, response: { 200: Type.Object({ tokens: Type.Array(Token) }), ...problems(404) } },
    },
    async (request) => ({
      tokens: await provisioning.listTokens(actorOf(request), organizationOf(request), request.params.idp_id),
    }),
  );

  app.post(
    '/identity-providers/:idp_id/provisioning/scim-tokens',
    {
      config: { myOrgScope: 'create:my_org:identity_providers_scim_tokens' },
      schema: { params: Params, body: CreateTokenBody, response: { 201: CreatedToken, ...problems(404, 409) } },
    },
    async (request, reply) => {
      const created = await provisioning.createToken(actorOf(request), organizationOf(request), request.params.idp_id, request.body ?? {});
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/identity-providers/:idp_id/provisioning/scim-tokens/:idp_scim_token_id',
    {
      config: { myOrgScope: 'read:my_org:identity_providers_scim_tokens' },
      schema: { params: TokenParams, response: { 200: Token, ...problems(404) } },
    },
    async (request) =>
      provisioning.getToken(actorOf(request), organizationOf(request), request.params.idp_id, request.params.idp_scim_token_id),
  );

  app.delete(
    '/identity-providers/:idp_id/provisioning/scim-tokens/:idp_scim_token_id',
    {
      config: { myOrgScope: 'delete:my_org:identity_providers_scim_tokens' },
      schema: { params: TokenParams, response: { 204: Type.Null(), ...problems(404) } },
    },
    async (request, reply) => {
      await provisioning.removeToken(actorOf(request), organizationOf(request), request.params.idp_id, request.params.idp_scim_token_id);
      return reply.code(204).send(null);
    },
  );
};
