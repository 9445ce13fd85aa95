import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteOptions } from '../plugin.js';
import { actorOf } from '../actor.js';
import { errorResponses } from '../schemas.js';

const tags = ['Keys'];

/** A signing key as Auth0 reports it (`cert` is a self-signed certificate of the key). */
const SigningKeyResponse = Type.Object(
  {
    kid: Type.String(),
    cert: Type.String(),
    fingerprint: Type.String(),
    thumbprint: Type.String(),
    current: Type.Boolean(),
    next: Type.Boolean(),
    previous: Type.Boolean(),
    current_since: Type.Optional(Type.String()),
    current_until: Type.Optional(Type.String()),
    revoked: Type.Boolean(),
  },
  { $id: 'SigningKey' },
);

const KidParams = Type.Object({ kid: Type.String({ minLength: 1, maxLength: 100 }) });

/**
 * `/keys/signing`: Auth0's signing key endpoints. A rotation publishes the new key at once and it
 * signs after GATEHOUSE_SIGNING_KEY_ACTIVATION_DELAY, on every node (the CLI's `keys rotate` path).
 */
export const keysRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  app.addSchema(SigningKeyResponse);

  app.get(
    '/keys/signing',
    {
      config: { scope: 'read:signing_keys' },
      schema: {
        tags,
        summary: 'Get all application signing keys',
        response: { 200: Type.Array(Type.Ref('SigningKey')), ...errorResponses() },
      },
    },
    async () => services.keys.signingKeys(),
  );

  app.get(
    '/keys/signing/:kid',
    {
      config: { scope: 'read:signing_keys' },
      schema: {
        tags,
        summary: 'Get an application signing key by its key id',
        params: KidParams,
        response: { 200: Type.Ref('SigningKey'), ...errorResponses(404) },
      },
    },
    async (request) => services.keys.signingKey(request.params.kid),
  );

  app.post(
    '/keys/signing/rotate',
    {
      config: { scope: ['create:signing_keys', 'update:signing_keys'] },
      schema: {
        tags,
        summary: 'Rotate the application signing key (the new key signs after the activation delay)',
        response: { 201: Type.Object({ kid: Type.String(), cert: Type.String() }), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { kid } = await services.keys.rotateSigningKey(actorOf(request));
      const { cert } = await services.keys.signingKey(kid);
      return reply.code(201).send({ kid, cert });
    },
  );
};
