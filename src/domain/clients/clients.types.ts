export const ORGANIZATION_USAGES = ['deny', 'allow', 'require'] as const;
export const ORGANIZATION_REQUIRE_BEHAVIORS = ['no_prompt', 'pre_login_prompt', 'post_login_prompt'] as const;
/** Auth0's resource owner password grant with a named database connection (`realm`). */
export const PASSWORD_REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';
export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials', 'password', PASSWORD_REALM_GRANT] as const;
export const AUTH_METHODS = ['none', 'client_secret_post', 'client_secret_basic'] as const;
export const APP_TYPES = ['native', 'spa', 'regular_web', 'non_interactive'] as const;

/** An application registered with Gatehouse (an OAuth client). */
export interface Client {
  client_id: string;
  client_secret: string;
  name: string;
  description?: string;
  app_type?: (typeof APP_TYPES)[number];
  is_first_party: boolean;
  callbacks: string[];
  allowed_logout_urls: string[];
  web_origins: string[];
  grant_types: (typeof GRANT_TYPES)[number][];
  token_endpoint_auth_method: (typeof AUTH_METHODS)[number];
  initiate_login_uri?: string;
  organization_usage: (typeof ORGANIZATION_USAGES)[number];
  organization_require_behavior: (typeof ORGANIZATION_REQUIRE_BEHAVIORS)[number];
  client_metadata: Record<string, string>;
  created_at: string;
  updated_at: string;
}

export type AppType = (typeof APP_TYPES)[number];
export type GrantType = (typeof GRANT_TYPES)[number];
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** What `POST /clients` accepts (Auth0's names). */
export interface ClientInput {
  name: string;
  description?: string;
  app_type?: AppType;
  is_first_party?: boolean;
  callbacks?: string[];
  allowed_logout_urls?: string[];
  web_origins?: string[];
  grant_types?: GrantType[];
  token_endpoint_auth_method?: AuthMethod;
  initiate_login_uri?: string;
  organization_usage?: Client['organization_usage'];
  organization_require_behavior?: Client['organization_require_behavior'];
  client_metadata?: Record<string, string>;
}

/** What `PATCH /clients/{id}` accepts; null clears an optional field or removes a metadata key. */
export interface ClientPatch extends Partial<Omit<ClientInput, 'description' | 'initiate_login_uri' | 'client_metadata'>> {
  description?: string | null;
  initiate_login_uri?: string | null;
  client_metadata?: Record<string, string | null>;
}

/** Filters of `GET /clients`. */
export interface ClientFilter {
  app_type?: AppType[];
  is_first_party?: boolean;
}
