import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteOptions } from '../plugin.js';

/** Not built yet. */
export const membersRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async () => {};
