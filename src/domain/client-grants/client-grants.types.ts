/** Which scopes an application may obtain for one API (Auth0's client grant). */
export interface ClientGrant {
  id: string;
  client_id: string;
  audience: string;
  scope: string[];
  organization_usage?: 'deny' | 'allow' | 'require';
  allow_any_organization: boolean;
  created_at: string;
}
