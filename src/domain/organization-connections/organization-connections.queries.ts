import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { NewOrganizationConnectionRow, OrganizationConnectionRowUpdate } from '../../db/schema/organization-connections.table.js';
import { isEnterprise } from '../connections/connections.types.js';
import { bool } from '../shared/json.js';
import type { AccessLevel, OrganizationConnection } from './organization-connections.types.js';

/** An organization_connections row joined with its connection's name and strategy. */
export function joined(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom('organization_connections as oc')
    .innerJoin('connections as c', 'c.id', 'oc.connection_id')
    .select([
      'oc.connection_id',
      'oc.is_enabled',
      'oc.assign_membership_on_login',
      'oc.is_signup_enabled',
      'oc.show_as_button',
      'oc.organization_access_level',
      'oc.organization_connection_name',
      'oc.created_at',
      'c.name',
      'c.strategy',
    ])
    .where('oc.organization_id', '=', organizationId);
}

export type JoinedRow = Awaited<ReturnType<ReturnType<typeof joined>['executeTakeFirstOrThrow']>>;

export function toOrganizationConnection(row: JoinedRow): OrganizationConnection {
  const result: OrganizationConnection = {
    connection_id: row.connection_id,
    assign_membership_on_login: bool(row.assign_membership_on_login),
    is_signup_enabled: bool(row.is_signup_enabled),
    is_enabled: bool(row.is_enabled),
    organization_access_level: row.organization_access_level as AccessLevel,
    connection: { name: row.name, strategy: row.strategy },
  };
  // Auth0 shows show_as_button only where it means something.
  if (isEnterprise(row.strategy)) result.show_as_button = bool(row.show_as_button);
  if (row.organization_connection_name !== null) result.organization_connection_name = row.organization_connection_name;
  return result;
}

export async function findJoined(db: Kysely<Database>, organizationId: string, connectionId: string): Promise<JoinedRow | undefined> {
  return joined(db, organizationId).where('oc.connection_id', '=', connectionId).executeTakeFirst();
}

/** How many connections the organization has (enabled or not). */
export async function countOrganizationConnections(db: Kysely<Database>, organizationId: string): Promise<number> {
  const { count } = await db
    .selectFrom('organization_connections')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organization_id', '=', organizationId)
    .executeTakeFirstOrThrow();
  return Number(count);
}

export async function insertOrganizationConnection(trx: Kysely<Database>, row: NewOrganizationConnectionRow): Promise<void> {
  await trx.insertInto('organization_connections').values(row).execute();
}

export async function updateOrganizationConnection(
  trx: Kysely<Database>,
  organizationId: string,
  connectionId: string,
  changes: OrganizationConnectionRowUpdate,
): Promise<void> {
  await trx
    .updateTable('organization_connections')
    .set(changes)
    .where('organization_id', '=', organizationId)
    .where('connection_id', '=', connectionId)
    .execute();
}

/** False when the connection was not enabled for the organization. */
export async function deleteOrganizationConnection(trx: Kysely<Database>, organizationId: string, connectionId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('organization_connections')
    .where('organization_id', '=', organizationId)
    .where('connection_id', '=', connectionId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
