import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../domain/errors.js';
import type { Services } from '../../domain/services.js';
import type { SamlServiceProvider } from './index.js';

/** Public SP metadata per SAML connection (`/saml/:connectionId/metadata`), for IdPs that import it by URL. */
export const samlMetadataPlugin: FastifyPluginAsync<{ saml: SamlServiceProvider; services: Services }> = async (
  app,
  { saml, services },
) => {
  app.get(
    '/:connectionId/metadata',
    {
      schema: { hide: true, params: Type.Object({ connectionId: Type.String({ pattern: '^con_[A-Za-z0-9]{1,32}$' }) }) } as object,
    },
    async (request, reply) => {
      const { connectionId } = request.params as { connectionId: string };
      // Only "no such connection" is a 404; anything else (an outage: 503) goes to the error handler.
      const connection = await services.connections.get(connectionId).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'inexistent_connection') return undefined;
        throw error;
      });
      if (connection?.strategy !== 'samlp') return reply.code(404).type('text/plain').send('Not Found');
      return reply.type('application/samlmetadata+xml').send(await saml.metadata(connection));
    },
  );
};
