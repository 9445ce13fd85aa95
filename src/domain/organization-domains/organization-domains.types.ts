/** Where a domain stands: added, proved by its TXT record, or its last check found no proof. */
export type DomainStatus = 'pending' | 'verified' | 'failed';

/** An email domain an organization claims (Auth0's organization discovery domain). */
export interface OrganizationDomain {
  id: string;
  organization_id: string;
  /** ASCII (IDNA), lowercase, no trailing dot. */
  domain: string;
  status: DomainStatus;
  /** Whether login's organization discovery uses this domain once verified (Auth0's default: true). */
  use_for_organization_discovery: boolean;
  /** The value to publish as a TXT record at `verification_host`. */
  verification_txt: string;
  /** `_gatehouse-verification.<domain>`. */
  verification_host: string;
  /** When the TXT record was last looked up, and what that lookup found wrong. */
  last_checked_at?: string;
  last_error?: string;
  verified_at?: string;
  created_at: string;
  updated_at: string;
}

export interface DomainInput {
  domain: string;
  /** `verified` skips the DNS proof: the tenant administrator vouches for it (never an organization admin). */
  status?: 'pending' | 'verified';
  use_for_organization_discovery?: boolean;
}

export interface DomainPatch {
  status?: 'pending' | 'verified';
  use_for_organization_discovery?: boolean;
}

/** A verified domain as the login reads it: which organization it sends an email's owner to. */
export interface VerifiedDomain {
  organizationId: string;
  domain: string;
  useForOrganizationDiscovery: boolean;
}
