import type { ResourceServer, ResourceServerScope } from '../../api/resources';

export type { ResourceServer };
/** A permission (scope) an API defines. */
export type Scope = ResourceServerScope;

export interface ResourceServerPage {
  resource_servers: ResourceServer[];
  next?: string;
}

/** Algorithms the API accepts for signing access tokens (the schema allows RS256 only). */
export const SIGNING_ALGS = ['RS256'] as const;
