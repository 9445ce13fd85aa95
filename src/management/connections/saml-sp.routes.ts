import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { fail } from '../../domain/errors.js';
import type { RouteOptions } from '../plugin.js';
import { errorResponses } from '../schemas.js';

const SpConfiguration = Type.Object({
  connection_id: Type.String(),
  entity_id: Type.String({ description: 'Audience / SP entity ID to paste into the IdP.' }),
  acs_url: Type.String({ description: 'Single sign-on (Assertion Consumer Service) URL, HTTP-POST binding.' }),
  metadata_url: Type.String({ description: 'SP metadata, for IdPs that import it by URL.' }),
  metadata_xml: Type.String(),
  name_id_format: Type.String({ description: 'NameID format to send: the one the SP metadata and the AuthnRequest name.' }),
  attributes: Type.Record(Type.String(), Type.String(), { description: 'Attributes to send, by profile field.' }),
});

/**
 * `GET /connections/{id}/saml-sp`: what a customer's IT admin pastes into Okta, Entra ID or Google
 * Workspace for this SAML connection.
 */
export const samlSpRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services, saml }) => {
  app.get(
    '/connections/:id/saml-sp',
    {
      config: { scope: 'read:connections' },
      schema: {
        tags: ['Connections'],
        summary: 'Get the service provider settings of a SAML connection',
        params: Type.Object({ id: Type.String({ pattern: '^con_[A-Za-z0-9]{1,32}$' }) }),
        response: { 200: SpConfiguration, ...errorResponses(404) },
      },
    },
    async (request) => {
      const connection = await services.connections.get(request.params.id);
      if (connection.strategy !== 'samlp' || !saml) fail('operation_not_supported', 'The connection is not a SAML connection.');
      const values = saml.spValues(connection);
      return {
        connection_id: connection.id,
        entity_id: values.entityId,
        acs_url: values.acsUrl,
        metadata_url: values.metadataUrl,
        metadata_xml: await saml.metadata(connection),
        name_id_format: values.nameIdFormat,
        attributes: { email: 'email', given_name: 'firstName', family_name: 'lastName', groups: 'groups' },
      };
    },
  );
};
