import { Type, type TSchema } from 'typebox';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from '../domain/shared/pagination.js';
import { problemSchema } from '../shared/problem-details.js';

// Shapes shared by the My Organization API's routes, after Auth0's definition of the API.

/** The problem body of every error (render-error.ts). */
export const ProblemSchema = problemSchema('MyOrgProblem');

/** Error responses shared by every route, plus the route's own. */
export function problems(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const status of [400, 401, 403, 429, ...statuses]) out[status] = Type.Ref('MyOrgProblem');
  return out;
}

/** Checkpoint paging: `from` is the `next` of the previous page. */
export const CheckpointQuery = {
  from: Type.Optional(Type.String({ maxLength: 512, description: 'An optional cursor from which to start the selection (exclusive).' })),
  take: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, description: `Number of results per page. Defaults to ${DEFAULT_PER_PAGE}.` }),
  ),
};

/** The domain's checkpoint page from the query string. */
export function checkpoint(query: { from?: string; take?: number }) {
  return { kind: 'checkpoint' as const, from: query.from || undefined, take: query.take ?? DEFAULT_PER_PAGE };
}

export const UserId = Type.String({ minLength: 1, maxLength: 255, description: 'The user ID.' });
export const RoleId = Type.String({ minLength: 1, maxLength: 50, description: 'The ID of a role.' });

export const RoleSchema = Type.Object({ id: Type.String(), name: Type.String(), description: Type.Optional(Type.String()) });
