import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../domain/services.js';
import { DomainError } from '../../domain/errors.js';

/**
 * `GET /api/v2/jobs/{id}/file`: a completed export's file behind the signed, expiring link of
 * `GET /jobs/{id}` (`location`). The signature is the credential, so it sits outside the Management
 * API's bearer-token check; any link that does not verify gets the same 404.
 */
export const exportFileRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get<{ Params: { id: string }; Querystring: { expires?: string; signature?: string } }>(
    '/jobs/:id/file',
    { schema: { hide: true } as object },
    async (request, reply) => {
      const { expires, signature } = request.query;
      try {
        const file = await services.jobs.exportFile(request.params.id, Number(expires), String(signature ?? ''));
        return reply
          .header('content-type', file.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="users.${file.format === 'csv' ? 'csv' : 'json'}"`)
          .header('cache-control', 'no-store')
          .send(file.body);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'inexistent_job')
          return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: error.message, errorCode: error.code });
        throw error;
      }
    },
  );
};
