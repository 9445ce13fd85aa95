/** A permission (scope) an API defines. */
export interface Scope { value: string; description?: string }

/** An API (Auth0's resource server) as the Management API returns it. */
export interface ResourceServer {
  id: string;
  name: string;
  identifier: string;
  is_system: boolean;
  scopes: Scope[];
  signing_alg: string;
  token_lifetime: number;
}

export interface ResourceServerPage { resource_servers: ResourceServer[]; next?: string }

/** Algorithms the API accepts for signing access tokens (the schema allows RS256 only). */
export const SIGNING_ALGS = ['RS256'] as const;
