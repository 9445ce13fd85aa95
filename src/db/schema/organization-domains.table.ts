import type { Insertable, Selectable, Updateable } from 'kysely';

/** Row of `organization_domains`. Booleans are integers 0/1. */
export interface OrganizationDomainTable {
  id: string;
  organization_id: string;
  domain: string;
  /** `pending`, `verified` or `failed`. */
  status: string;
  use_for_organization_discovery: number;
  /** The value the TXT record must hold. */
  verification_txt: string;
  last_checked_at: string | null;
  last_error: string | null;
  verified_at: string | null;
  created_at: string;
  updated_at: string;
}

export type OrganizationDomainRow = Selectable<OrganizationDomainTable>;
export type NewOrganizationDomainRow = Insertable<OrganizationDomainTable>;
export type OrganizationDomainRowUpdate = Updateable<OrganizationDomainTable>;
