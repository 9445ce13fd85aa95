import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Admission } from '../sign-in/organization-admission.js';

/** What an enterprise IdP asserted about the person, after the protocol layer verified it. */
export interface AssertedIdentity {
  subject: string;
  email?: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  /** The groups the IdP asserted (SAML `groups` attribute, OIDC `groups` claim), when it sends them. */
  groups?: string[];
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
  /** How the organization admitted the user, when its membership rules ran here. */
  admission?: Admission;
}

/** Records what a login changed (its events), inside the login's transaction, after the changes. */
export type RecordProvisioning = (trx: Kysely<Database>, result: ProvisioningResult) => Promise<void>;
