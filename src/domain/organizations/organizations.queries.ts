import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { OrganizationRow } from '../../db/schema/organizations.table.js';
import { bool, parseJson } from '../shared/json.js';
import type { Organization } from './organizations.types.js';

/** Maps a stored row to the domain shape. */
export function toOrganization(row: OrganizationRow): Organization {
  const org: Organization = {
    id: row.id,
    name: row.name,
    metadata: parseJson(row.metadata, {}),
    allowed_domains: parseJson(row.allowed_domains, []),
    is_auto_join_domain_list: bool(row.is_auto_join_domain_list),
    is_auto_membership_enabled: bool(row.is_auto_membership_enabled),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
  if (row.display_name !== null) org.display_name = row.display_name;
  const branding = parseJson(row.branding, null);
  if (branding) org.branding = branding;
  return org;
}

export async function findOrganizationRow(db: Kysely<Database>, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOrganizationRowByName(db: Kysely<Database>, name: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('name', '=', name).executeTakeFirst();
}
