/**
 * Whom the grant's tokens are for (Auth0's `subject_type`): `client`, the application itself (client
 * credentials); `user`, a person signed in through the application (user-delegated access).
 */
export const SUBJECT_TYPES = ['client', 'user'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** Which scopes an application may obtain for one API (Auth0's client grant). */
export interface ClientGrant {
  id: string;
  client_id: string;
  audience: string;
  scope: string[];
  organization_usage?: 'deny' | 'allow' | 'require';
  allow_any_organization: boolean;
  subject_type: SubjectType;
  created_at: string;
}

/** What `POST /client-grants` accepts. */
export interface ClientGrantInput {
  client_id: string;
  audience: string;
  scope?: string[];
  organization_usage?: 'deny' | 'allow' | 'require';
  allow_any_organization?: boolean;
  /** Default `client`. */
  subject_type?: SubjectType;
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
  subject_type?: SubjectType;
}
