import { Type, type TSchema } from 'typebox';
import { DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE } from '../domain/shared/pagination.js';

/** Auth0's error body, for every 4xx/5xx response schema. */
export const ApiErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    errorCode: Type.String(),
  },
  { $id: 'ApiError' },
);

const errorRef = Type.Ref('ApiError');

/** Error responses shared by every authenticated route, plus the route's own. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const status of [400, 401, 403, 429, ...statuses]) out[status] = errorRef;
  return out;
}

/** Offset (`page`, `per_page`, `include_totals`) and checkpoint (`from`, `take`) paging. */
export const PagingQuery = {
  page: Type.Optional(
    Type.Integer({ minimum: 0, maximum: MAX_PAGE, description: 'Page index of the results to return. First page is 0.' }),
  ),
  per_page: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_PER_PAGE,
      default: undefined,
      description: `Number of results per page. Defaults to ${DEFAULT_PER_PAGE}.`,
    }),
  ),
  include_totals: Type.Optional(
    Type.Boolean({
      description:
        'Return results inside an object that contains the total result count (true) or as a direct array of results (false, default).',
    }),
  ),
  from: Type.Optional(Type.String({ maxLength: 512, description: 'Optional id from which to start selection (checkpoint paging).' })),
  take: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, description: 'Number of results per page (checkpoint paging).' })),
};

/** A list response in any of Auth0's three shapes: array, totals object or checkpoint object. */
export function pagedResponse(key: string, item: TSchema): TSchema {
  return Type.Union([
    Type.Array(item),
    Type.Object({ [key]: Type.Array(item), start: Type.Integer(), limit: Type.Integer(), total: Type.Integer() }),
    Type.Object({ [key]: Type.Array(item), next: Type.Optional(Type.String()) }),
  ]);
}

/** Shapes a domain page as the wire expects it, from the paging parameters the client sent. */
export function pagedBody<T>(
  key: string,
  query: { page?: number; per_page?: number; include_totals?: boolean; from?: string; take?: number },
  result: { items: T[]; total?: number; next?: string },
): unknown {
  if (query.from !== undefined || query.take !== undefined) {
    return result.next ? { [key]: result.items, next: result.next } : { [key]: result.items };
  }
  if (query.include_totals) {
    const limit = query.per_page ?? DEFAULT_PER_PAGE;
    return { [key]: result.items, start: (query.page ?? 0) * limit, limit, total: result.total ?? result.items.length };
  }
  return result.items;
}
