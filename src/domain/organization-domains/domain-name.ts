import { domainToASCII } from 'node:url';
import { invalidInput } from '../errors.js';
import { isPublicEmailDomain } from './public-email-domains.js';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * An email domain as stored and compared: IDNA to ASCII (`bücher.example` → `xn--bcher-kva.example`),
 * lowercase, no trailing dot, at least two labels, a TLD of letters (or IDNA); public email providers
 * refused, since no organization owns the mailboxes of gmail.com.
 */
export function normalizeDomain(input: string, field = 'domain'): string {
  const trimmed = input.trim().replace(/\.$/, '');
  const ascii = trimmed === '' ? '' : domainToASCII(trimmed).toLowerCase();
  const labels = ascii.split('.');
  const tld = labels.at(-1) ?? '';
  if (
    ascii === '' ||
    ascii.length > 253 ||
    labels.length < 2 ||
    !labels.every((l) => LABEL.test(l)) ||
    !/^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)
  ) {
    invalidInput(field, 'Must be a domain name such as example.com', { value: input.slice(0, 255) });
  }
  if (isPublicEmailDomain(ascii)) {
    invalidInput(field, 'Public email domains cannot be claimed by an organization', { value: ascii });
  }
  return ascii;
}

/** The domain part of an email address, normalized; undefined when it has none or is not a domain. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  if (at < 1) return undefined;
  const ascii = domainToASCII(
    email
      .slice(at + 1)
      .trim()
      .replace(/\.$/, ''),
  ).toLowerCase();
  return ascii === '' ? undefined : ascii;
}

/** A domain and its parents that could be claimed: `a.eu.acme.com` → itself, `eu.acme.com`, `acme.com`. */
export function coveringDomains(domain: string): string[] {
  const labels = domain.split('.');
  const out: string[] = [];
  for (let i = 0; i < labels.length - 1; i += 1) out.push(labels.slice(i).join('.'));
  return out;
}

/** True when the email's domain is one of `domains` or under one of them. */
export function domainCovered(email: string | undefined, domains: string[]): boolean {
  const domain = email ? emailDomain(email) : undefined;
  return domain !== undefined && coveringDomains(domain).some((d) => domains.includes(d));
}
