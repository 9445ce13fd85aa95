import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { OrganizationRow } from '../../db/schema/organizations.table.js';
import { fail, invalidInput } from '../errors.js';
import { findOrganizationRow } from '../organizations/organizations.queries.js';
import type { Member, MemberProfile, MemberRole } from './memberships.types.js';

type Db = Kysely<Database>;

export async function assertOrganizationExists(db: Db, id: string): Promise<OrganizationRow> {
  const row = await findOrganizationRow(db, id);
  if (!row) fail('inexistent_organization', 'No organization found by that id or name');
  return row;
}

export async function assertMember(db: Db, organizationId: string, userId: string): Promise<void> {
  const row = await db
    .selectFrom('organization_members')
    .select('user_id')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) fail('inexistent_member', `The user ${userId} is not a member of the organization.`);
}

/** Throws 400 naming the first id that is not a user. */
export async function assertUsersExist(db: Db, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  const found = await db.selectFrom('users').select('id').where('id', 'in', unique).execute();
  const known = new Set(found.map((r) => r.id));
  const missing = unique.find((id) => !known.has(id));
  if (missing !== undefined) invalidInput('members', `User ${missing} does not exist`, { value: missing });
}

/** Members' profile fields joined from `users`, in `user_id` order. */
export function membersQuery(db: Db, organizationId: string) {
  return db
    .selectFrom('organization_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.email', 'u.picture', 'u.name'])
    .where('m.organization_id', '=', organizationId)
    .orderBy('m.user_id');
}

export function toMember(row: { user_id: string; email: string | null; picture: string | null; name: string | null }): Member {
  const member: Member = { user_id: row.user_id };
  if (row.email !== null) member.email = row.email;
  if (row.picture !== null) member.picture = row.picture;
  if (row.name !== null) member.name = row.name;
  return member;
}

const PROFILE_COLUMNS = [
  'm.user_id',
  'u.email',
  'u.name',
  'u.nickname',
  'u.given_name',
  'u.family_name',
  'u.phone_number',
  'u.created_at',
  'u.updated_at',
  'u.last_login',
] as const;

/** Members with the profile fields of `MemberProfile`, not yet ordered. */
export function memberProfilesQuery(db: Db, organizationId: string) {
  return db
    .selectFrom('organization_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([...PROFILE_COLUMNS])
    .where('m.organization_id', '=', organizationId);
}

type ProfileRow = Awaited<ReturnType<ReturnType<typeof memberProfilesQuery>['executeTakeFirstOrThrow']>>;

export function toMemberProfile(row: ProfileRow): MemberProfile {
  const profile: MemberProfile = { user_id: row.user_id, created_at: row.created_at, updated_at: row.updated_at };
  for (const key of ['email', 'name', 'nickname', 'given_name', 'family_name', 'phone_number', 'last_login'] as const) {
    const value = row[key];
    if (value !== null) profile[key] = value;
  }
  return profile;
}

/** The roles of several members of one organization in one query, by user id. */
export async function rolesOfMembers(db: Db, organizationId: string, userIds: string[]): Promise<Map<string, MemberRole[]>> {
  const byUser = new Map<string, MemberRole[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('organization_member_roles as mr')
    .innerJoin('roles as r', 'r.id', 'mr.role_id')
    .select(['mr.user_id', 'r.id', 'r.name'])
    .where('mr.organization_id', '=', organizationId)
    .where('mr.user_id', 'in', userIds)
    .orderBy('r.name')
    .orderBy('r.id')
    .execute();
  for (const row of rows) byUser.get(row.user_id)?.push({ id: row.id, name: row.name });
  return byUser;
}

/** Adds the users as members; existing members are left as they are. */
export async function addMembers(trx: Db, organizationId: string, userIds: string[], createdAt: string): Promise<void> {
  if (userIds.length === 0) return;
  await trx
    .insertInto('organization_members')
    .values(userIds.map((user_id) => ({ organization_id: organizationId, user_id, created_at: createdAt })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeMembers(trx: Db, organizationId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await trx.deleteFrom('organization_members').where('organization_id', '=', organizationId).where('user_id', 'in', userIds).execute();
}

/**
 * Takes the member row's lock (a no-op update), so two concurrent role assignments cannot both pass
 * the per-member limit; false when the user is not a member.
 */
export async function lockMember(trx: Db, organizationId: string, userId: string): Promise<boolean> {
  const locked = await trx
    .updateTable('organization_members')
    .set((eb) => ({ created_at: eb.ref('created_at') }))
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return locked.numUpdatedRows > 0n;
}

/** The ids of the roles the member holds in the organization. */
export async function memberRoleIds(db: Db, organizationId: string, userId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('organization_member_roles')
    .select('role_id')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .execute();
  return new Set(rows.map((r) => r.role_id));
}

export async function addMemberRoles(trx: Db, organizationId: string, userId: string, roleIds: string[]): Promise<void> {
  if (roleIds.length === 0) return;
  await trx
    .insertInto('organization_member_roles')
    .values(roleIds.map((role_id) => ({ organization_id: organizationId, user_id: userId, role_id })))
    .execute();
}

export async function removeMemberRoles(trx: Db, organizationId: string, userId: string, roleIds: string[]): Promise<void> {
  if (roleIds.length === 0) return;
  await trx
    .deleteFrom('organization_member_roles')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('role_id', 'in', roleIds)
    .execute();
}
