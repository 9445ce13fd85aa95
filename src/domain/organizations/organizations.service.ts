import { isUniqueViolation } from '../../db/errors.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { changedFields } from '../events/changed-fields.js';
import { nextMfaPolicy } from './organization-mfa-policy.js';
import { revokeOrganizationAccess } from '../access/access-revocation.js';
import { assertActsIn } from '../memberships/organization-admins.js';
import { fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { int } from '../shared/json.js';
import { pageByKey } from '../shared/keyset-page.js';
import type { PageRequest, PageResult } from '../shared/pagination.js';
import type { OrganizationRowUpdate } from '../../db/schema/organizations.table.js';
import {
  deleteOrganization,
  findOrganizationRow,
  findOrganizationRowByName,
  insertOrganization,
  organizationSearch,
  toOrganization,
  updateOrganization,
} from './organizations.queries.js';
import type { Organization, OrganizationInput, OrganizationPatch } from './organizations.types.js';

/** Organizations: create, read, list, update, delete. */
export function createOrganizationsService({ db, clock, limits, events }: ServiceDeps) {
  function mergeMetadata(current: Record<string, string>, patch: Record<string, string | null> | undefined) {
    if (!patch) return current;
    const merged: Record<string, string> = { ...current };
    // Auth0: a key set to null is removed.
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const count = Object.keys(merged).length;
    if (count > limits.organizationMetadataKeys) {
      invalidInput('metadata', `Too many properties (${count}), maximum ${limits.organizationMetadataKeys}`, {
        limit: limits.organizationMetadataKeys,
      });
    }
    return merged;
  }

  function normalizeDomains(domains: string[] | undefined): string[] | undefined {
    return domains && [...new Set(domains.map((d) => d.toLowerCase()))];
  }

  /** Break-glass entries: an email (kept lowercase) or a user id (`<strategy>|<id>`), at most 20. */
  function breakGlass(accounts: string[]): string[] {
    const out = new Set<string>();
    for (const [i, raw] of accounts.entries()) {
      const value = raw.trim();
      const email = /^[^\s@|]+@[^\s@|]+\.[^\s@|]+$/.test(value);
      if (!email && !/^[^\s|]+\|[^\s]+$/.test(value)) {
        invalidInput(`gatehouse_sso_enforcement.break_glass_accounts[${i}]`, 'Must be an email address or a user id', {
          value: value.slice(0, 255),
        });
      }
      out.add(email ? value.toLowerCase() : value);
    }
    if (out.size > 20) invalidInput('gatehouse_sso_enforcement.break_glass_accounts', 'Too many accounts, maximum 20', { limit: 20 });
    return [...out];
  }

  function conflict(error: unknown): never {
    if (isUniqueViolation(error)) fail('organization_conflict', 'An organization with this name already exists.');
    throw error;
  }

  async function get(id: string): Promise<Organization> {
    const row = await findOrganizationRow(db, id);
    if (!row) fail('inexistent_organization', `No organization found by that id or name`);
    return toOrganization(row);
  }

  return {
    get,

    /** Throws 404 unless the organization exists; cheap existence check for nested resources. */
    async assertExists(id: string): Promise<void> {
      const row = await findOrganizationRow(db, id);
      if (!row) fail('inexistent_organization', `No organization found by that id or name`);
    },

    async getByName(name: string): Promise<Organization> {
      const row = await findOrganizationRowByName(db, name);
      if (!row) fail('inexistent_organization', `No organization found by that id or name`);
      return toOrganization(row);
    },

    async create(actor: Actor, input: OrganizationInput): Promise<Organization> {
      const now = iso(clock.now());
      const metadata = mergeMetadata({}, input.metadata);
      const row = {
        id: prefixedId('org'),
        name: input.name,
        display_name: input.display_name ?? null,
        branding: input.branding ? JSON.stringify(input.branding) : null,
        metadata: JSON.stringify(metadata),
        allowed_domains: JSON.stringify(normalizeDomains(input.allowed_domains) ?? []),
        is_auto_join_domain_list: int(input.is_auto_join_domain_list ?? false),
        is_auto_membership_enabled: int(input.is_auto_membership_enabled ?? false),
        sso_enforced: int(input.gatehouse_sso_enforcement?.enabled ?? false),
        sso_break_glass: JSON.stringify(breakGlass(input.gatehouse_sso_enforcement?.break_glass_accounts ?? [])),
        mfa_policy: JSON.stringify(
          await nextMfaPolicy(db, { require: false, exempt_roles: [], exempt_connections: [] }, input.gatehouse_mfa_policy ?? {}),
        ),
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await insertOrganization(trx, row).catch(conflict);
        await events.record(trx, actor, {
          type: 'organization_created',
          organizationId: row.id,
          organizationName: row.name,
          details: { organization: { name: input.name, display_name: input.display_name } },
        });
      });
      return toOrganization(row);
    },

    async update(actor: Actor, id: string, patch: OrganizationPatch): Promise<Organization> {
      assertActsIn(actor, id);
      return db.transaction().execute(async (trx) => {
        const row = await findOrganizationRow(trx, id);
        if (!row) fail('inexistent_organization', `No organization found by that id or name`);
        const current = toOrganization(row);
        const changes: OrganizationRowUpdate = { updated_at: iso(clock.now()) };
        if (patch.name !== undefined) changes.name = patch.name;
        if (patch.display_name !== undefined) changes.display_name = patch.display_name;
        if (patch.branding !== undefined) changes.branding = patch.branding === null ? null : JSON.stringify(patch.branding);
        if (patch.metadata !== undefined) changes.metadata = JSON.stringify(mergeMetadata(current.metadata, patch.metadata));
        if (patch.allowed_domains !== undefined) changes.allowed_domains = JSON.stringify(normalizeDomains(patch.allowed_domains));
        if (patch.is_auto_join_domain_list !== undefined) changes.is_auto_join_domain_list = int(patch.is_auto_join_domain_list);
        if (patch.is_auto_membership_enabled !== undefined) changes.is_auto_membership_enabled = int(patch.is_auto_membership_enabled);
        const sso = patch.gatehouse_sso_enforcement;
        if (sso?.enabled !== undefined) changes.sso_enforced = int(sso.enabled);
        if (sso?.break_glass_accounts !== undefined) changes.sso_break_glass = JSON.stringify(breakGlass(sso.break_glass_accounts));
        if (patch.gatehouse_mfa_policy !== undefined)
          changes.mfa_policy = JSON.stringify(await nextMfaPolicy(trx, current.gatehouse_mfa_policy, patch.gatehouse_mfa_policy));
        await updateOrganization(trx, id, changes).catch(conflict);
        const updated = toOrganization((await findOrganizationRow(trx, id))!);
        await events.record(trx, actor, {
          type: 'organization_updated',
          organizationId: id,
          organizationName: updated.name,
          details: { changed: changedFields(patch) },
        });
        return updated;
      });
    },

    /** Deletes the organization; every grant issued in it goes too, before the cascade forgets which they were. */
    async remove(actor: Actor, id: string): Promise<void> {
      assertActsIn(actor, id);
      await db.transaction().execute(async (trx) => {
        const row = await findOrganizationRow(trx, id);
        if (!row) fail('inexistent_organization', `No organization found by that id or name`);
        await revokeOrganizationAccess(trx, { organizationId: id });
        await deleteOrganization(trx, id);
        await events.record(trx, actor, { type: 'organization_deleted', organizationId: id, organizationName: row.name });
      });
    },

    /**
     * Lists by id; checkpoint paging resumes after the last id seen. `q` keeps the organizations whose
     * name or display name starts with it (case-insensitive), under either paging style.
     */
    async list(page: PageRequest, q?: string): Promise<PageResult<Organization>> {
      let query = db.selectFrom('organizations').selectAll();
      if (q) query = query.where(organizationSearch(q));
      return pageByKey({
        page,
        query,
        key: 'id',
        keyOf: (row) => row.id,
        toItems: (rows) => rows.map(toOrganization),
      });
    },
  };
}

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;
