/**
 * An enterprise IdP can assert any email. Email-based matching (pre-provisioned users, trust-email
 * merging) and treating the email as verified apply only when the email's domain is one the
 * connection is entitled to: its home-realm `domain_aliases`.
 */
export function entitledEmail(email: string | undefined, domainAliases: string[]): string | undefined {
  if (!email) return undefined;
  const normalized = email.trim().toLowerCase();
  const domain = normalized.slice(normalized.lastIndexOf('@') + 1);
  return normalized.includes('@') && domainAliases.includes(domain) ? normalized : undefined;
}
