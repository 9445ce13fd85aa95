/** Login page branding of an organization. */
export interface Branding {
  logo_url?: string;
  colors?: { primary?: string; page_background?: string };
}

/** An organization: one business customer of the SaaS vendor. */
export interface Organization {
  id: string;
  name: string;
  display_name?: string;
  branding?: Branding;
  metadata: Record<string, string>;
  /** Email domains for the allowed-domain policies (Kinde's names). */
  allowed_domains: string[];
  /** Auto-add users whose verified email domain is in `allowed_domains`. */
  is_auto_join_domain_list: boolean;
  /** Self-join: users may become members when they sign in to this organization. */
  is_auto_membership_enabled: boolean;
  created_at: string;
  updated_at: string;
}

export interface OrganizationInput {
  name: string;
  display_name?: string;
  branding?: Branding;
  metadata?: Record<string, string | null>;
  allowed_domains?: string[];
  is_auto_join_domain_list?: boolean;
  is_auto_membership_enabled?: boolean;
}

export interface OrganizationPatch {
  name?: string;
  display_name?: string | null;
  branding?: Branding | null;
  metadata?: Record<string, string | null>;
  allowed_domains?: string[];
  is_auto_join_domain_list?: boolean;
  is_auto_membership_enabled?: boolean;
}
