/** An API that access tokens can be issued for (Auth0's resource server). */
export interface ResourceServer {
  id: string;
  identifier: string;
  name: string;
  scopes: { value: string; description?: string }[];
  signing_alg: 'RS256';
  token_lifetime: number;
  is_system: boolean;
  created_at: string;
  updated_at: string;
}
