import { sql, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/database.js';
import type { NewOrganizationRow, OrganizationRow, OrganizationRowUpdate } from '../../db/schema/organizations.table.js';
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
    gatehouse_sso_enforcement: { enabled: bool(row.sso_enforced), break_glass_accounts: parseJson(row.sso_break_glass, []) },
    gatehouse_mfa_policy: { require: false, exempt_roles: [], exempt_connections: [], ...parseJson(row.mfa_policy, {}) },
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

/**
 * Takes the organization's row lock (a no-op update: PostgreSQL locks the row, SQLite takes the
 * write lock) and returns the row; undefined when there is none. Writers that check a count
 * against a limit lock first, so two concurrent ones cannot both pass.
 */
export async function lockOrganizationRow(trx: Kysely<Database>, id: string): Promise<OrganizationRow | undefined> {
  const result = await trx
    .updateTable('organizations')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows === 0n ? undefined : findOrganizationRow(trx, id);
}

export async function insertOrganization(trx: Kysely<Database>, row: NewOrganizationRow): Promise<void> {
  await trx.insertInto('organizations').values(row).execute();
}

export async function updateOrganization(trx: Kysely<Database>, id: string, changes: OrganizationRowUpdate): Promise<void> {
  await trx.updateTable('organizations').set(changes).where('id', '=', id).execute();
}

export async function deleteOrganization(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.deleteFrom('organizations').where('id', '=', id).execute();
}

export async function findOrganizationRowByName(db: Kysely<Database>, name: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('name', '=', name).executeTakeFirst();
}

/** `%`, `_` and the escape character itself, escaped for `LIKE … ESCAPE '!'`, then a trailing `%`. */
function likePrefix(text: string): string {
  return `${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * The search box's filter: name or display_name starts with `q`, ignoring case. Names are stored
 * lowercase (the schema allows nothing else), so `name` is compared bare and an index on it can
 * serve the prefix; `q` is a bound parameter with LIKE's wildcards escaped, so it matches literally.
 */
export function organizationSearch(q: string) {
  const prefix = likePrefix(q.toLowerCase());
  return (eb: ExpressionBuilder<Database, 'organizations'>) =>
    eb.or([
      sql<SqlBool>`${eb.ref('name')} like ${prefix} escape '!'`,
      sql<SqlBool>`lower(${eb.ref('display_name')}) like ${prefix} escape '!'`,
    ]);
}
