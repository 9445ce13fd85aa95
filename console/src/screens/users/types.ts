import type { Role, User, UserIdentity } from '../../api/resources';

export type { Role, User, UserIdentity };

export interface UserPage {
  users: User[];
  start: number;
  limit: number;
  total: number;
}

/** `/users/<id>`, the id percent-encoded (`auth0|…`). */
export const userPath = (id: string, rest = '') => `/users/${encodeURIComponent(id)}${rest}`;
