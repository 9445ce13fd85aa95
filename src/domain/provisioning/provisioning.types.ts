/** What an enterprise IdP asserted about the person, after the protocol layer verified it. */
export interface AssertedIdentity {
  subject: string;
  email?: string;
  name?: string;
  givenName?: string;
  familyName?: string;
}

/** The enterprise connection a login came through. */
export interface ProvisioningConnection {
  id: string;
  name: string;
  strategy: string;
  organizationId?: string;
  domainAliases: string[];
  /** JIT: create a user on first login. */
  createMissingUser: boolean;
  /** Trust email addresses from this IdP: merge with an existing user of that email. */
  trustEmail: boolean;
}

/** How the user was found or made (DESIGN.md "Provisioning rules" steps 2–5). */
export type ProvisioningPath = 'existing_identity' | 'pre_provisioned' | 'trusted_email_merge' | 'jit_created';

export interface ProvisioningResult {
  userId: string;
  path: ProvisioningPath;
  /** The organization the user signed in to, when there is one. */
  organizationId?: string;
}
