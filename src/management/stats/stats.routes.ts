import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteOptions } from '../plugin.js';
import { errorResponses } from '../schemas.js';
import { ActiveUsersQuery, DailyStatsQuery, DailyStatsResponse } from './stats.schemas.js';

const tags = ['Stats'];

/** `/stats`: Auth0's activity figures, computed from the events. */
export const statsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  app.addSchema(DailyStatsResponse);

  app.get(
    '/stats/daily',
    {
      config: { scope: 'read:stats' },
      schema: {
        tags,
        summary: 'Get daily stats',
        description: 'Logins, failed logins and signups per UTC day of the range; days without any are zeros.',
        querystring: DailyStatsQuery,
        response: { 200: Type.Array(Type.Ref('StatsDailyStats')), ...errorResponses() },
      },
    },
    async (request) => {
      const { from, to, organization_id: organizationId } = request.query;
      const days = await services.stats.daily({ from, to, organizationId });
      return days.map((day) => ({ ...day, leaked_passwords: 0 }));
    },
  );

  app.get(
    '/stats/active-users',
    {
      config: { scope: 'read:stats' },
      schema: {
        tags,
        summary: 'Get active users count',
        description: 'The number of users who logged in during the last 30 days.',
        querystring: ActiveUsersQuery,
        response: { 200: Type.Integer(), ...errorResponses() },
      },
    },
    async (request) => services.stats.activeUsers({ organizationId: request.query.organization_id }),
  );
};
