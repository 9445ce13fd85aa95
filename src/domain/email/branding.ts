import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { findOrganizationRow, toOrganization } from '../organizations/organizations.queries.js';
import type { Organization } from '../organizations/organizations.types.js';
import type { EmailBranding } from './templates/frame.js';

/** The email branding of an organization: display name (or name), logo, primary colour. */
export function emailBranding(org: Organization | undefined): EmailBranding {
  if (!org) return {};
  return { displayName: org.display_name ?? org.name, logoUrl: org.branding?.logo_url, primaryColor: org.branding?.colors?.primary };
}

/** The organization by id, or undefined (unknown ids are not an error here: the email goes out neutral). */
export async function findOrganization(db: Kysely<Database>, id: string | undefined): Promise<Organization | undefined> {
  if (!id) return undefined;
  const row = await findOrganizationRow(db, id);
  return row && toOrganization(row);
}

/** The organization that owns a connection, when it is an organization-owned connection. */
export async function connectionOwner(db: Kysely<Database>, connectionId: string | null): Promise<Organization | undefined> {
  if (!connectionId) return undefined;
  const row = await db.selectFrom('connections').select('organization_id').where('id', '=', connectionId).executeTakeFirst();
  return findOrganization(db, row?.organization_id ?? undefined);
}
