import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { DomainError } from '../errors.js';
import { parseJson } from '../shared/json.js';
import { coveringDomains, emailDomain } from './domain-name.js';

/** The organization whose SSO enforcement covers an email. */
export interface SsoRequirement {
  organizationId: string;
  organizationName: string;
}

/**
 * The organization that requires single sign-on for this email: one with SSO enforcement on whose
 * verified domains cover the email's domain, unless it names the person as a break-glass account
 * (by email, or by the user id of an account with this email; `userId` adds one known already).
 */
export async function ssoRequirementFor(
  db: Kysely<Database>,
  email: string | undefined,
  userId?: string,
): Promise<SsoRequirement | undefined> {
  const domain = email ? emailDomain(email) : undefined;
  if (!email || !domain) return undefined;
  const enforcing = await db
    .selectFrom('organization_domains as d')
    .innerJoin('organizations as o', 'o.id', 'd.organization_id')
    .select(['o.id', 'o.name', 'o.sso_break_glass'])
    .where('d.status', '=', 'verified')
    .where('d.domain', 'in', coveringDomains(domain))
    .where('o.sso_enforced', '=', 1)
    .orderBy('o.id')
    .execute();
  if (enforcing.length === 0) return undefined;
  const normalized = email.trim().toLowerCase();
  const ids = new Set((await db.selectFrom('users').select('id').where('email_normalized', '=', normalized).execute()).map((u) => u.id));
  if (userId) ids.add(userId);
  const bound = enforcing.find((o) => {
    const exempt = parseJson<string[]>(o.sso_break_glass, []);
    return !exempt.some((entry) => entry === normalized || ids.has(entry));
  });
  return bound && { organizationId: bound.id, organizationName: bound.name };
}

/**
 * The rule a password or social identity breaks where an organization requires single sign-on, as
 * the Management API refuses it (`what`: "have a password", "be linked", …).
 */
export function ssoRule(sso: SsoRequirement, what: string): string {
  return `The email's domain requires single sign-on in organization ${sso.organizationName} (gatehouse_sso_enforcement); only its break_glass_accounts may ${what}`;
}

/** The login's refusal: a password or social sign-in (or sign-up) where the organization requires its SSO. */
export function ssoRequiredError(): DomainError {
  return new DomainError(
    'sso_required',
    'Your organization requires single sign-on for your email address. Sign in with your company account.',
  );
}
