import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type {
  NewOrganizationDomainRow,
  OrganizationDomainRow,
  OrganizationDomainRowUpdate,
} from '../../db/schema/organization-domains.table.js';
import { bool } from '../shared/json.js';
import { verificationHost } from './dns-proof.js';
import type { DomainStatus, OrganizationDomain, VerifiedDomain } from './organization-domains.types.js';

type Executor = Kysely<Database>;

/** Maps a stored row to the domain shape. */
export function toOrganizationDomain(row: OrganizationDomainRow): OrganizationDomain {
  const domain: OrganizationDomain = {
    id: row.id,
    organization_id: row.organization_id,
    domain: row.domain,
    status: row.status as DomainStatus,
    use_for_organization_discovery: bool(row.use_for_organization_discovery),
    verification_txt: row.verification_txt,
    verification_host: verificationHost(row.domain),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
  if (row.last_checked_at) domain.last_checked_at = row.last_checked_at;
  if (row.last_error) domain.last_error = row.last_error;
  if (row.verified_at) domain.verified_at = row.verified_at;
  return domain;
}

/** One organization's domain by id; a domain of another organization is not found (tenancy). */
export function findDomainRow(db: Executor, organizationId: string, id: string): Promise<OrganizationDomainRow | undefined> {
  return db
    .selectFrom('organization_domains')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findDomainRowByName(db: Executor, organizationId: string, domain: string): Promise<OrganizationDomainRow | undefined> {
  return db
    .selectFrom('organization_domains')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('domain', '=', domain)
    .executeTakeFirst();
}

/** The organization that holds this domain verified, if one does (at most one: a unique index). */
export async function verifiedOwner(db: Executor, domain: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('organization_domains')
    .select('organization_id')
    .where('domain', '=', domain)
    .where('status', '=', 'verified')
    .executeTakeFirst();
  return row?.organization_id;
}

/** Verified domains, of one organization or (no id) all of them, optionally only some domains. */
export async function verifiedDomains(db: Executor, filter: { organizationId?: string; domains?: string[] }): Promise<VerifiedDomain[]> {
  let query = db
    .selectFrom('organization_domains')
    .select(['organization_id', 'domain', 'use_for_organization_discovery'])
    .where('status', '=', 'verified');
  if (filter.organizationId) query = query.where('organization_id', '=', filter.organizationId);
  if (filter.domains) {
    if (filter.domains.length === 0) return [];
    query = query.where('domain', 'in', filter.domains);
  }
  const rows = await query.orderBy('domain').execute();
  return rows.map((r) => ({
    organizationId: r.organization_id,
    domain: r.domain,
    useForOrganizationDiscovery: bool(r.use_for_organization_discovery),
  }));
}

export async function insertDomain(trx: Executor, row: NewOrganizationDomainRow): Promise<void> {
  await trx.insertInto('organization_domains').values(row).execute();
}

export async function updateDomain(trx: Executor, id: string, changes: OrganizationDomainRowUpdate): Promise<void> {
  await trx.updateTable('organization_domains').set(changes).where('id', '=', id).execute();
}

export async function deleteDomain(trx: Executor, id: string): Promise<void> {
  await trx.deleteFrom('organization_domains').where('id', '=', id).execute();
}

/** The list query of one organization's domains, for paging by id. */
export function domainsOf(db: Executor, organizationId: string) {
  return db.selectFrom('organization_domains').selectAll().where('organization_id', '=', organizationId);
}
