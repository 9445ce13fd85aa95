/** The identity an upstream enterprise IdP (SAML or OIDC) asserted, after its signature and checks passed. */
export interface FederatedProfile { subject: string; email?: string; emailVerified: boolean; name?: string; givenName?: string; familyName?: string; groups: string[]; attributes: Record<string, unknown> }
