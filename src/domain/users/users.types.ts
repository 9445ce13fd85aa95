/** How people authenticate through a connection, derived from its strategy. */
export type ConnectionKind = 'database' | 'enterprise' | 'social';

/**
 * One identity of a user, Auth0's shape. `user_id` is the provider's subject; it is absent while an
 * enterprise identity is pre-assigned by email and not yet used, and `profileData.email` then holds
 * the email the first login must match.
 */
export interface UserIdentity {
  connection: string;
  user_id?: string;
  provider: string;
  isSocial: boolean;
  profileData?: Record<string, unknown>;
}

/** A user, Auth0's shape (no credentials ever). */
export interface User {
  user_id: string;
  email?: string;
  email_verified: boolean;
  username?: string;
  phone_number?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  nickname?: string;
  picture?: string;
  user_metadata: Record<string, unknown>;
  app_metadata: Record<string, unknown>;
  blocked: boolean;
  created_at: string;
  updated_at: string;
  last_login?: string;
  logins_count: number;
  identities: UserIdentity[];
}

/** The profile strings a user may carry (`email` and the name fields). */
type ProfileStrings = 'email' | 'username' | 'phone_number' | 'name' | 'given_name' | 'family_name' | 'nickname' | 'picture';

/** Profile fields settable on create and patch. */
interface ProfileFields {
  email_verified?: boolean;
  blocked?: boolean;
  user_metadata?: Record<string, unknown>;
  app_metadata?: Record<string, unknown>;
}

export interface UserInput extends ProfileFields, Partial<Record<ProfileStrings, string>> {
  /** Connection name. */
  connection: string;
  password?: string;
  /** The provider's subject for the new identity (Auth0's `user_id` on create). */
  user_id?: string;
  verify_email?: boolean;
}

/** PATCH body: null clears a field; metadata keys set to null are removed. */
export interface UserPatch extends ProfileFields, Partial<Record<ProfileStrings, string | null>> {
  password?: string;
  verify_email?: boolean;
}

/** `POST /users/{id}/identities`: Auth0's account link or Kinde's enterprise identity assignment. */
export interface IdentityRequest {
  /** Kinde: `"enterprise"` assigns an enterprise identity by email. */
  type?: 'enterprise';
  connection_id?: string;
  email?: string;
  /** Auth0 link: provider and subject of the secondary account. */
  provider?: string;
  user_id?: string | number;
  link_with?: string;
}
