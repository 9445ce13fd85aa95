/** The APIs Gatehouse itself serves. */
export type SystemApi = 'management' | 'my_org' | 'my_account';

/** An API that access tokens can be issued for (Auth0's resource server). */
export interface ResourceServer {
  id: string;
  identifier: string;
  name: string;
  scopes: { value: string; description?: string }[];
  signing_alg: 'RS256';
  token_lifetime: number;
  is_system: boolean;
  /** Which system API this is; absent for the tenant's own APIs. */
  system_api?: SystemApi;
  created_at: string;
  updated_at: string;
}

export type ResourceServerScope = ResourceServer['scopes'][number];

/** What `POST /resource-servers` accepts. */
export interface ResourceServerInput {
  name: string;
  identifier: string;
  scopes?: ResourceServerScope[];
  signing_alg?: 'RS256';
  token_lifetime?: number;
}

/** What `PATCH /resource-servers/{id}` accepts; the identifier never changes. */
export interface ResourceServerPatch {
  name?: string;
  scopes?: ResourceServerScope[];
  signing_alg?: 'RS256';
  token_lifetime?: number;
}
