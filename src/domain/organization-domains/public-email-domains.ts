/**
 * Mailbox providers anyone can sign up with: owning an address there proves nothing about an
 * organization, so none may claim these domains (docs/organization-domains.md lists them too).
 * Subdomains count as the provider's (`eu.gmail.com`).
 */
export const PUBLIC_EMAIL_DOMAINS: readonly string[] = [
  'aol.com',
  'gmail.com',
  'googlemail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'hey.com',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'icloud.com',
  'live.com',
  'mac.com',
  'mail.com',
  'mail.ru',
  'me.com',
  'msn.com',
  'outlook.com',
  'pm.me',
  'proton.me',
  'protonmail.com',
  'qq.com',
  '163.com',
  '126.com',
  'tutanota.com',
  'web.de',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.co.jp',
  'yahoo.fr',
  'yandex.com',
  'yandex.ru',
  'zoho.com',
];

const SET = new Set(PUBLIC_EMAIL_DOMAINS);

/** True for a public mailbox provider's domain or one of its subdomains. */
export function isPublicEmailDomain(domain: string): boolean {
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i += 1) if (SET.has(labels.slice(i).join('.'))) return true;
  return false;
}
