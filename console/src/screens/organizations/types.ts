/** An organization as the Management API returns it. */
export interface Organization {
  id: string;
  name: string;
  display_name?: string;
  branding?: { logo_url?: string; colors?: { primary?: string; page_background?: string } };
  metadata?: Record<string, string>;
}

export interface OrganizationPage { organizations: Organization[]; next?: string }
