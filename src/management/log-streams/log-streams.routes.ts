import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { errorResponses } from '../schemas.js';
import { LogStreamBody, LogStreamId, LogStreamPatchBody, LogStreamResponse, LogStreamWithSecretResponse } from './log-streams.schemas.js';

const tags = ['Log Streams'];
const IdParams = Type.Object({ id: LogStreamId });
const stream = Type.Ref('LogStream');
const withSecret = Type.Ref('LogStreamWithSecret');

/** `/log-streams`: Auth0's log stream endpoints, and the rotation of a webhook stream's secret. */
export const logStreamsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { logStreams } = services;
  app.addSchema(LogStreamResponse);
  app.addSchema(LogStreamWithSecretResponse);

  app.get(
    '/log-streams',
    {
      config: { scope: 'read:log_streams' },
      schema: { tags, summary: 'Get log streams', response: { 200: Type.Array(stream), ...errorResponses() } },
    },
    async () => logStreams.list(),
  );

  app.post(
    '/log-streams',
    {
      config: { scope: 'create:log_streams' },
      schema: { tags, summary: 'Create a log stream', body: LogStreamBody, response: { 200: withSecret, ...errorResponses() } },
    },
    async (request) => logStreams.create(actorOf(request), request.body),
  );

  app.get(
    '/log-streams/:id',
    {
      config: { scope: 'read:log_streams' },
      schema: { tags, summary: 'Get log stream by ID', params: IdParams, response: { 200: stream, ...errorResponses(404) } },
    },
    async (request) => logStreams.get(request.params.id),
  );

  app.patch(
    '/log-streams/:id',
    {
      config: { scope: 'update:log_streams' },
      schema: {
        tags,
        summary: 'Update a log stream',
        params: IdParams,
        body: LogStreamPatchBody,
        response: { 200: stream, ...errorResponses(404) },
      },
    },
    async (request) => logStreams.update(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/log-streams/:id/rotate-secret',
    {
      config: { scope: 'update:log_streams' },
      schema: {
        tags,
        summary: "Rotate a webhook stream's signing secret (Gatehouse)",
        description: 'The new secret signs every delivery from now on and is shown in this answer only.',
        params: IdParams,
        response: { 200: withSecret, ...errorResponses(404) },
      },
    },
    async (request) => logStreams.rotateSecret(actorOf(request), request.params.id),
  );

  app.delete(
    '/log-streams/:id',
    {
      config: { scope: 'delete:log_streams' },
      schema: { tags, summary: 'Delete log stream', params: IdParams, response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await logStreams.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
