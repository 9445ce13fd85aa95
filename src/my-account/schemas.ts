import { Type, type TSchema } from 'typebox';
import { problemSchema } from '../shared/problem-details.js';

// Shapes of the My Account API's routes, after Auth0's definition of the API.

/** The problem body of every error (render-error.ts). */
export const ProblemSchema = problemSchema('MyAccountProblem');

/** Error responses shared by every route, plus the route's own. */
export function problems(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const status of [400, 401, 403, 429, ...statuses]) out[status] = Type.Ref('MyAccountProblem');
  return out;
}

/** Auth0's authentication method of the My Account API. Secrets never appear. */
export const AuthenticationMethodSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  confirmed: Type.Boolean(),
  name: Type.Optional(Type.String()),
  created_at: Type.String(),
  last_auth_at: Type.Optional(Type.String()),
  /** `primary` for a passkey (a first factor), `secondary` for a second factor. */
  usage: Type.Array(Type.String()),
  key_id: Type.Optional(Type.String()),
  public_key: Type.Optional(Type.String()),
  transports: Type.Optional(Type.Array(Type.String())),
  relying_party_id: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
});

export const MethodParams = Type.Object({
  authentication_method_id: Type.String({ minLength: 1, maxLength: 255, description: 'The ID of the authentication method.' }),
});
