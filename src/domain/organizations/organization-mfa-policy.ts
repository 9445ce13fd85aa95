import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { invalidInput } from '../errors.js';
import type { OrganizationMfaPolicy } from './organizations.types.js';

const MAX_EXEMPTIONS = 50;

/**
 * The organization's MFA policy after a change: the fields given replace the current ones. Every
 * exempt role must be a role and every exempt connection an enterprise connection, so that a typo
 * never silently exempts nobody.
 */
export async function nextMfaPolicy(
  db: Kysely<Database>,
  current: OrganizationMfaPolicy,
  patch: Partial<OrganizationMfaPolicy>,
): Promise<OrganizationMfaPolicy> {
  const next = { ...current, ...patch };
  const field = 'gatehouse_mfa_policy';
  for (const key of ['exempt_roles', 'exempt_connections'] as const) {
    const ids = [...new Set(next[key])];
    if (ids.length > MAX_EXEMPTIONS)
      invalidInput(`${field}.${key}`, `Too many entries, maximum ${MAX_EXEMPTIONS}`, { limit: MAX_EXEMPTIONS });
    next[key] = ids;
  }
  if (next.exempt_roles.length > 0) {
    const found = await db.selectFrom('roles').select('id').where('id', 'in', next.exempt_roles).execute();
    const missing = next.exempt_roles.find((id) => !found.some((r) => r.id === id));
    if (missing) invalidInput(`${field}.exempt_roles`, `No role found by that id: ${missing}`, { value: missing });
  }
  if (next.exempt_connections.length > 0) {
    const found = await db.selectFrom('connections').select(['id', 'strategy']).where('id', 'in', next.exempt_connections).execute();
    const bad = next.exempt_connections.find((id) => {
      const c = found.find((f) => f.id === id);
      return !c || c.strategy === 'auth0';
    });
    if (bad) invalidInput(`${field}.exempt_connections`, `Not an enterprise or social connection: ${bad}`, { value: bad });
  }
  return { require: next.require, exempt_roles: next.exempt_roles, exempt_connections: next.exempt_connections };
}
