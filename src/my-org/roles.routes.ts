import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MyOrgRouteOptions } from './plugin.js';
import { CheckpointQuery, RoleSchema, checkpoint, problems } from './schemas.js';

/**
 * `/roles`: the roles an administrator can give members and invitees. Gatehouse has no per-
 * organization role visibility yet, so these are the tenant's roles; assigning one is still bound by
 * the domain's rule that an administrator gives only the My Organization permissions they hold.
 */
export const rolesRoutes: FastifyPluginAsyncTypebox<MyOrgRouteOptions> = async (app, { services }) => {
  app.get(
    '/roles',
    {
      config: { myOrgScope: 'read:my_org:member_roles' },
      schema: {
        querystring: Type.Object(
          {
            ...CheckpointQuery,
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'A filter on the name (case-insensitive).' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ roles: Type.Array(RoleSchema), next: Type.Optional(Type.String()) }), ...problems() },
      },
    },
    async (request) => {
      const page = await services.roles.pageByCheckpoint(checkpoint(request.query), request.query.name);
      return { roles: page.items, ...(page.next ? { next: page.next } : {}) };
    },
  );
};
