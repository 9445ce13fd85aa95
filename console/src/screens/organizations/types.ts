/** An organization as the Management API returns it. */
export interface Organization {
  id: string;
  name: string;
  display_name?: string;
  branding?: Branding;
  metadata: Record<string, string>;
  allowed_domains: string[];
  is_auto_join_domain_list: boolean;
  is_auto_membership_enabled: boolean;
}

export interface Branding { logo_url?: string; colors?: { primary?: string; page_background?: string } }

export interface OrganizationPage { organizations: Organization[]; next?: string }

export type AccessLevel = 'none' | 'readonly' | 'limited' | 'full';

/** A connection enabled for an organization (`/organizations/:id/enabled_connections`). */
export interface OrganizationConnection {
  connection_id: string;
  assign_membership_on_login: boolean;
  is_signup_enabled: boolean;
  show_as_button?: boolean;
  is_enabled: boolean;
  organization_access_level: AccessLevel;
  organization_connection_name?: string;
  connection: { name: string; strategy: string };
}

export interface Connection { id: string; name: string; display_name?: string; strategy: string; organization_id?: string }

export interface Member { user_id: string; email?: string; name?: string; picture?: string; roles?: { id: string; name: string }[] }
export interface MemberPage { members: Member[]; next?: string }

export interface Role { id: string; name: string; description?: string }
export interface User { user_id: string; email?: string; name?: string }
export interface Client { client_id: string; name: string }

export interface Invitation {
  id: string;
  inviter: { name: string };
  invitee: { email: string };
  invitation_url: string;
  created_at: string;
  expires_at: string;
  client_id: string;
  connection_id?: string;
  roles: string[];
}

/** What the detail screen hands its tabs. */
export interface OrganizationContext {
  organization: Organization;
  /** Replaces the organization shown (after a write answered with the new state). */
  setOrganization(organization: Organization): void;
}
