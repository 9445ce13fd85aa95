import { domainCovered } from '../organization-domains/domain-name.js';

/**
 * An enterprise IdP can assert any email. Email-based matching (pre-provisioned users, trust-email
 * merging) and treating the email as verified apply only when the email's domain is one the
 * connection is entitled to: its home-realm `domain_aliases` (exactly), or a domain its organization
 * verified by DNS (and that domain's subdomains).
 */
export function entitledEmail(email: string | undefined, domainAliases: string[], verifiedDomains: string[] = []): string | undefined {
  if (!email) return undefined;
  const normalized = email.trim().toLowerCase();
  if (!normalized.includes('@')) return undefined;
  const domain = normalized.slice(normalized.lastIndexOf('@') + 1);
  return domainAliases.includes(domain) || domainCovered(normalized, verifiedDomains) ? normalized : undefined;
}
