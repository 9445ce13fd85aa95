/** One identity of a user, Auth0's shape; `user_id` is absent while an enterprise identity awaits its first login. */
export interface UserIdentity {
  connection: string;
  user_id?: string;
  provider: string;
  isSocial: boolean;
  profileData?: Record<string, unknown>;
}

export interface User {
  user_id: string;
  email?: string;
  email_verified: boolean;
  name?: string;
  nickname?: string;
  picture?: string;
  user_metadata: Record<string, unknown>;
  app_metadata: Record<string, unknown>;
  blocked: boolean;
  created_at: string;
  last_login?: string;
  logins_count: number;
  identities: UserIdentity[];
}

export interface UserPage { users: User[]; start: number; limit: number; total: number }

export interface Role { id: string; name: string; description?: string }

/** `/users/<id>`, the id percent-encoded (`auth0|…`). */
export const userPath = (id: string, rest = '') => `/users/${encodeURIComponent(id)}${rest}`;
