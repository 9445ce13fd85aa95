import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Row of `organizations`. JSON columns are text, booleans are integers 0/1. */
export interface OrganizationTable {
  id: string;
  name: string;
  display_name: string | null;
  branding: string | null;
  metadata: string;
  allowed_domains: string;
  is_auto_join_domain_list: number;
  is_auto_membership_enabled: number;
  /** SSO required for the organization's verified domains (migration 300). */
  sso_enforced: Generated<number>;
  /** JSON: break-glass emails and user ids exempt from SSO enforcement. */
  sso_break_glass: Generated<string>;
  /** JSON: the organization's MFA policy (migration 500). */
  mfa_policy: Generated<string>;
  created_at: string;
  updated_at: string;
}

export type OrganizationRow = Selectable<OrganizationTable>;
export type NewOrganizationRow = Insertable<OrganizationTable>;
export type OrganizationRowUpdate = Updateable<OrganizationTable>;
