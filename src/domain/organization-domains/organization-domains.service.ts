import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { OrganizationDomainRow, OrganizationDomainRowUpdate } from '../../db/schema/organization-domains.table.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import type { EventType } from '../events/event-types.js';
import { fail } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId, randomString } from '../shared/ids.js';
import { int } from '../shared/json.js';
import { pageByKey } from '../shared/keyset-page.js';
import type { PageRequest, PageResult } from '../shared/pagination.js';
import { findOrganizationRow } from '../organizations/organizations.queries.js';
import { auth0VerificationHost, createDnsProof, type DnsProof, verificationHost } from './dns-proof.js';
import { normalizeDomain } from './domain-name.js';
import {
  deleteDomain,
  domainsOf,
  findDomainRow,
  findDomainRowByName,
  insertDomain,
  toOrganizationDomain,
  updateDomain,
  verifiedOwner,
} from './organization-domains.queries.js';
import type { DomainInput, DomainPatch, OrganizationDomain } from './organization-domains.types.js';

export interface OrganizationDomainsDeps extends ServiceDeps {
  /** DNS servers for the TXT lookups (`ip` or `ip:port`); empty = the system's resolvers. */
  dnsServers: string[];
}

const NOT_FOUND = 'No domain found by that id in this organization';

/**
 * Verified domains: an organization adds an email domain (pending, with a TXT record to publish),
 * `verify` looks the record up and moves it to verified or failed. A domain is verified in one
 * organization at most; every change is an event in its transaction.
 */
export function createOrganizationDomainsService({ db, clock, events, dnsServers }: OrganizationDomainsDeps) {
  const proof: DnsProof = createDnsProof(dnsServers);

  async function organizationName(executor: Kysely<Database>, organizationId: string): Promise<string> {
    const org = await findOrganizationRow(executor, organizationId);
    if (!org) fail('inexistent_organization', 'No organization found by that id or name');
    return org.name;
  }

  async function domainRow(executor: Kysely<Database>, organizationId: string, id: string): Promise<OrganizationDomainRow> {
    const row = await findDomainRow(executor, organizationId, id);
    if (!row) fail('inexistent_domain', NOT_FOUND);
    return row;
  }

  /** Refuses a domain another organization holds verified; the unique index is the last word under races. */
  async function refuseClaimedElsewhere(executor: Kysely<Database>, organizationId: string, domain: string): Promise<void> {
    const owner = await verifiedOwner(executor, domain);
    if (owner && owner !== organizationId) fail('domain_conflict', `The domain ${domain} is verified by another organization.`);
  }

  function claimed(domain: string) {
    return (error: unknown): never => {
      if (isUniqueViolation(error)) fail('domain_conflict', `The domain ${domain} is verified by another organization.`);
      throw error;
    };
  }

  /** Only the tenant's administrators vouch for a domain without its DNS proof; an organization admin proves it. */
  function mayVouch(actor: Actor): void {
    if (actor.api === 'my_org' || actor.organizationId !== undefined)
      fail('insufficient_scope', 'An organization administrator verifies a domain by its DNS record.');
  }

  async function record(
    trx: Kysely<Database>,
    actor: Actor,
    type: EventType,
    row: { organization_id: string; id: string; domain: string },
    organization: string,
    details: Record<string, unknown> = {},
  ) {
    await events.record(trx, actor, {
      type,
      organizationId: row.organization_id,
      organizationName: organization,
      details: { domain: { id: row.id, domain: row.domain }, ...details },
    });
  }

  return {
    /** One organization's domains by id; checkpoint paging (`from`/`take`) as Auth0's list. */
    async list(organizationId: string, page: PageRequest): Promise<PageResult<OrganizationDomain>> {
      await organizationName(db, organizationId);
      return pageByKey({
        page,
        query: domainsOf(db, organizationId),
        key: 'id',
        keyOf: (row) => row.id,
        toItems: (rows) => rows.map(toOrganizationDomain),
      });
    },

    async get(organizationId: string, id: string): Promise<OrganizationDomain> {
      await organizationName(db, organizationId);
      return toOrganizationDomain(await domainRow(db, organizationId, id));
    },

    async getByName(organizationId: string, domain: string): Promise<OrganizationDomain> {
      await organizationName(db, organizationId);
      const row = await findDomainRowByName(db, organizationId, normalizeDomain(domain));
      if (!row) fail('inexistent_domain', NOT_FOUND);
      return toOrganizationDomain(row);
    },

    /** Adds a domain, pending with a fresh TXT value (or verified, when the tenant administrator says so). */
    async create(actor: Actor, organizationId: string, input: DomainInput): Promise<OrganizationDomain> {
      const domain = normalizeDomain(input.domain);
      if (input.status === 'verified') mayVouch(actor);
      const now = iso(clock.now());
      const verified = input.status === 'verified';
      const row: OrganizationDomainRow = {
        id: prefixedId('ord', 22),
        organization_id: organizationId,
        domain,
        status: verified ? 'verified' : 'pending',
        use_for_organization_discovery: int(input.use_for_organization_discovery ?? true),
        verification_txt: `gatehouse-domain-verification=${randomString(32)}`,
        last_checked_at: null,
        last_error: null,
        verified_at: verified ? now : null,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        const organization = await organizationName(trx, organizationId);
        if (await findDomainRowByName(trx, organizationId, domain))
          fail('domain_conflict', `The domain ${domain} is already added to this organization.`);
        if (verified) await refuseClaimedElsewhere(trx, organizationId, domain);
        await insertDomain(trx, row).catch((error: unknown) => {
          if (isUniqueViolation(error) && !verified) fail('domain_conflict', `The domain ${domain} is already added to this organization.`);
          return claimed(domain)(error);
        });
        await record(trx, actor, 'organization_domain_created', row, organization, { status: row.status });
      });
      return toOrganizationDomain(row);
    },

    /** Auth0's PATCH: `status` pending or verified (the tenant administrator vouching), `use_for_organization_discovery`. */
    async update(actor: Actor, organizationId: string, id: string, patch: DomainPatch): Promise<OrganizationDomain> {
      if (patch.status === 'verified') mayVouch(actor);
      return db.transaction().execute(async (trx) => {
        const organization = await organizationName(trx, organizationId);
        const row = await domainRow(trx, organizationId, id);
        const now = iso(clock.now());
        const changes: OrganizationDomainRowUpdate = { updated_at: now };
        if (patch.use_for_organization_discovery !== undefined)
          changes.use_for_organization_discovery = int(patch.use_for_organization_discovery);
        if (patch.status !== undefined && patch.status !== row.status) {
          changes.status = patch.status;
          changes.verified_at = patch.status === 'verified' ? now : null;
          if (patch.status === 'verified') {
            changes.last_error = null;
            await refuseClaimedElsewhere(trx, organizationId, row.domain);
          }
        }
        await updateDomain(trx, id, changes).catch(claimed(row.domain));
        const updated = { ...row, ...changes } as OrganizationDomainRow;
        const type = changes.status === 'verified' ? 'organization_domain_verified' : 'organization_domain_updated';
        await record(trx, actor, type, row, organization, { changed: Object.keys(patch), status: updated.status });
        return toOrganizationDomain(updated);
      });
    },

    /**
     * Looks up the TXT record (at `_gatehouse-verification.<domain>`, or Auth0's
     * `_ss-verification.<organization id>.<domain>`) and moves the domain to verified or failed,
     * keeping the time and what was wrong. A verified domain stays verified without a lookup.
     */
    async verify(actor: Actor, organizationId: string, id: string): Promise<OrganizationDomain> {
      await organizationName(db, organizationId);
      const before = await domainRow(db, organizationId, id);
      if (before.status === 'verified') return toOrganizationDomain(before);
      await refuseClaimedElsewhere(db, organizationId, before.domain);
      // The lookup runs outside the transaction: a slow DNS server must not hold a write lock.
      const result = await proof.check(
        [verificationHost(before.domain), auth0VerificationHost(organizationId, before.domain)],
        before.verification_txt,
      );
      return db.transaction().execute(async (trx) => {
        const organization = await organizationName(trx, organizationId);
        const row = await domainRow(trx, organizationId, id);
        const now = iso(clock.now());
        const changes: OrganizationDomainRowUpdate = result.ok
          ? { status: 'verified', verified_at: now, last_checked_at: now, last_error: null, updated_at: now }
          : { status: 'failed', last_checked_at: now, last_error: result.error, updated_at: now };
        if (result.ok) await refuseClaimedElsewhere(trx, organizationId, row.domain);
        await updateDomain(trx, id, changes).catch(claimed(row.domain));
        await record(
          trx,
          actor,
          result.ok ? 'organization_domain_verified' : 'organization_domain_check_failed',
          row,
          organization,
          result.ok ? {} : { error: result.error },
        );
        return toOrganizationDomain({ ...row, ...changes } as OrganizationDomainRow);
      });
    },

    async remove(actor: Actor, organizationId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const organization = await organizationName(trx, organizationId);
        const row = await domainRow(trx, organizationId, id);
        await deleteDomain(trx, id);
        await record(trx, actor, 'organization_domain_deleted', row, organization, { status: row.status });
      });
    },
  };
}

export type OrganizationDomainsService = ReturnType<typeof createOrganizationDomainsService>;
