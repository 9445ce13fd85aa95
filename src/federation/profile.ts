/** The identity an upstream IdP (SAML, OIDC, Google, GitHub) asserted, after its signature and checks passed. */
export interface FederatedProfile {
  subject: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
  givenName?: string;
  familyName?: string;
  /** Social providers' screen name (GitHub's login) and avatar URL. */
  nickname?: string;
  picture?: string;
  groups: string[];
  attributes: Record<string, unknown>;
}
