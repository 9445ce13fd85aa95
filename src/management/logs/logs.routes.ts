import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { offsetPage, pageRequest, type OffsetPage, type PageResult } from '../../domain/shared/pagination.js';
import type { RouteOptions } from '../plugin.js';
import { errorResponses } from '../schemas.js';
import { UserId } from '../users/users.schemas.js';
import { LogResponse, LogsListQuery, UserLogsQuery } from './logs.schemas.js';

const tags = ['Logs'];
const log = Type.Ref('Log');

/** An array, or with include_totals Auth0's `{ start, limit, length, total, logs }`. */
const LogsPage = Type.Union([
  Type.Array(log),
  Type.Object({ start: Type.Integer(), limit: Type.Integer(), length: Type.Integer(), total: Type.Integer(), logs: Type.Array(log) }),
]);

function offsetBody<T>(
  page: OffsetPage,
  result: PageResult<T>,
): T[] | { start: number; limit: number; length: number; total: number; logs: T[] } {
  if (!page.includeTotals) return result.items;
  const { items } = result;
  return { start: page.page * page.perPage, limit: page.perPage, length: items.length, total: result.total ?? items.length, logs: items };
}

/** `/logs`, `/logs/{id}` and `/users/{id}/logs`: Auth0's audit log endpoints. */
export const logsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { services }) => {
  const { logs } = services;
  app.addSchema(LogResponse);

  app.get(
    '/logs',
    {
      config: { scope: 'read:logs' },
      schema: {
        tags,
        summary: 'Search log events, or read them from a checkpoint',
        querystring: LogsListQuery,
        response: { 200: LogsPage, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { q, search, sort, fields, include_fields } = request.query;
      const page = pageRequest(request.query);
      const result = await logs.list(page, { q: q ?? search, sort, fields, includeFields: include_fields });
      if (page.kind === 'offset') return offsetBody(page, result);
      // Auth0: the next page is the Link header's `next`, the same URL when nothing newer exists yet.
      const next = new URLSearchParams({ ...(result.next ? { from: result.next } : {}), take: String(page.take) });
      reply.header('link', `<${request.url.split('?')[0]}?${next}>; rel="next"`);
      return result.items;
    },
  );

  app.get(
    '/logs/:id',
    {
      config: { scope: 'read:logs' },
      schema: {
        tags,
        summary: 'Get a log event by its log_id',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'log_id of the log to retrieve.' }) }),
        response: { 200: log, ...errorResponses(404) },
      },
    },
    async (request) => logs.get(request.params.id),
  );

  app.get(
    '/users/:id/logs',
    {
      config: { scope: 'read:logs_users' },
      schema: {
        tags,
        summary: "Get a user's log events",
        params: Type.Object({ id: UserId }),
        querystring: UserLogsQuery,
        response: { 200: LogsPage, ...errorResponses() },
      },
    },
    async (request) => {
      const page = offsetPage(request.query);
      return offsetBody(page, await logs.listForUser(request.params.id, page, { sort: request.query.sort }));
    },
  );
};
