import { invalidInput } from '../errors.js';

/**
 * Auth0's organization placeholder in callback and logout URLs
 * (`https://{organization_name}.example.com/callback`): it stands for the name of the
 * organization of the login, and for nothing else. Everything around it matches exactly.
 */
export const ORGANIZATION_NAME_PLACEHOLDER = '{organization_name}';

/** An organization name as the placeholder may stand for it (the organizations' own rule). */
const ORGANIZATION_NAME = /^[a-z0-9_-]{1,50}$/;

/** True when the URL holds the placeholder. */
export function hasOrganizationPlaceholder(url: string): boolean {
  return url.includes(ORGANIZATION_NAME_PLACEHOLDER);
}

/**
 * Auth0's rules for a URL with the placeholder: http or https, once, as a whole subdomain label
 * in front of a domain of at least two labels the application controls (so neither a top-level
 * nor a registrable domain), and nowhere else (not in the path, query, port or user info); a port may follow.
 */
export function checkOrganizationPlaceholder(property: string, url: string): void {
  if (!hasOrganizationPlaceholder(url)) return;
  const rule = `The ${ORGANIZATION_NAME_PLACEHOLDER} placeholder must be the first label of the host of an http or https URL, once, before a domain of two labels or more: ${url}`;
  const match = /^(https?):\/\/\{organization_name\}\.([^/?#]+)(.*)$/.exec(url);
  if (!match || match[3].includes('{') || match[3].includes('}')) invalidInput(property, rule, { value: url });
  const [, scheme, authority, rest] = match;
  const host = /^([^:]+)(?::\d{1,5})?$/.exec(authority)?.[1];
  const labels = host?.split('.') ?? [];
  if (!host || /[@{}%\\]/.test(host) || labels.length < 2 || labels.some((label) => label === ''))
    invalidInput(property, rule, { value: url });
  if (!URL.canParse(`${scheme}://probe.${authority}${rest}`)) invalidInput(property, rule, { value: url });
}

/**
 * The organization name a URL would stand for under one of the registered URLs holding the
 * placeholder; undefined when none matches. The name must be a whole, valid organization name, so
 * no dot, slash, percent-escape or other host trick can stretch it across labels.
 */
export function organizationNameInUrl(registered: readonly string[], url: string): string | undefined {
  for (const template of registered) {
    const at = template.indexOf(ORGANIZATION_NAME_PLACEHOLDER);
    if (at === -1) continue;
    const prefix = template.slice(0, at);
    const suffix = template.slice(at + ORGANIZATION_NAME_PLACEHOLDER.length);
    if (url.length <= prefix.length + suffix.length || !url.startsWith(prefix) || !url.endsWith(suffix)) continue;
    const name = url.slice(prefix.length, url.length - suffix.length);
    if (ORGANIZATION_NAME.test(name)) return name;
  }
  return undefined;
}

/** Whether `url` is one of `registered`, exactly or through the placeholder for this organization. */
export function urlAllowedForOrganization(registered: readonly string[], url: string, organizationName: string | undefined): boolean {
  if (registered.includes(url) && !hasOrganizationPlaceholder(url)) return true;
  return organizationName !== undefined && organizationNameInUrl(registered, url) === organizationName;
}
