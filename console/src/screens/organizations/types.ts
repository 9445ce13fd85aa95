import type { Organization, Branding, AccessLevel, OrganizationConnection, Member, Role, Invitation } from '../../api/resources';

export type { Organization, Branding, AccessLevel, OrganizationConnection, Member, Role, Invitation };

export interface OrganizationPage {
  organizations: Organization[];
  next?: string;
}

export interface Connection {
  id: string;
  name: string;
  display_name?: string;
  strategy: string;
  organization_id?: string;
}

export interface MemberPage {
  members: Member[];
  next?: string;
}

export interface User {
  user_id: string;
  email?: string;
  name?: string;
}
export interface Client {
  client_id: string;
  name: string;
}

/** What the detail screen hands its tabs. */
export interface OrganizationContext {
  organization: Organization;
  /** Replaces the organization shown (after a write answered with the new state). */
  setOrganization(organization: Organization): void;
}
