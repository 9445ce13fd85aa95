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

/** What `POST /client-grants` accepts. */
export interface ClientGrantInput {
  client_id: string;
  audience: string;
  scope?: string[];
  organization_usage?: 'deny' | 'allow' | 'require';
  allow_any_organization?: boolean;
}

/** What `PATCH /client-grants/{id}` accepts; null organization_usage clears it. */
export interface ClientGrantPatch {
  scope?: string[] | null;
  organization_usage?: 'deny' | 'allow' | 'require' | null;
  allow_any_organization?: boolean | null;
}

/** Filters of `GET /client-grants`. */
export interface ClientGrantFilter {
  audience?: string;
  client_id?: string;
  allow_any_organization?: boolean;
}
