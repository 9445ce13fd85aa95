import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { OrganizationRow } from '../../db/schema/organizations.table.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { findUserRow, userSubject } from '../users/users.queries.js';
import { fail } from '../errors.js';
import { iso } from '../shared/clock.js';
import { pageByKey } from '../shared/keyset-page.js';
import type { CheckpointPage, OffsetPage, PageRequest, PageResult } from '../shared/pagination.js';
import { assertRolesExist, toRole } from '../roles/roles.queries.js';
import type { Role } from '../roles/roles.types.js';
import { revokeOrganizationAccess } from '../access/access-revocation.js';
import { assertActsIn, assertAllMembers, assertAnAdminRemains, assertMayGrant } from './organization-admins.js';
import {
  addMemberRoles,
  addMembers,
  assertMember,
  assertOrganizationExists,
  assertUsersExist,
  lockMember,
  memberRoleIds,
  memberProfilesQuery,
  membersQuery,
  removeMemberRoles,
  removeMembers,
  rolesOfMembers,
  toMember,
  toMemberProfile,
} from './memberships.queries.js';
import type { Member, MemberProfile } from './memberships.types.js';

/** Organization members and the roles each member holds in that organization. */
/**
 * What an event says about a membership change: the organization and, when the change concerns one
 * user, that user (several users are listed in the details).
 */
async function subject(trx: Kysely<Database>, org: OrganizationRow, userIds: string[]) {
  const user = userIds.length === 1 ? await findUserRow(trx, userIds[0]) : undefined;
  return { organizationId: org.id, organizationName: org.name, ...(user ? userSubject(user) : {}) };
}

export function createMembershipsService({ db, clock, limits, issuer, events }: ServiceDeps) {
  async function withRoles(organizationId: string, members: Member[]): Promise<Member[]> {
    const roles = await rolesOfMembers(
      db,
      organizationId,
      members.map((m) => m.user_id),
    );
    return members.map((m) => ({ ...m, roles: roles.get(m.user_id) ?? [] }));
  }

  function memberRolesQuery(organizationId: string, userId: string) {
    return db
      .selectFrom('organization_member_roles as mr')
      .innerJoin('roles as r', 'r.id', 'mr.role_id')
      .where('mr.organization_id', '=', organizationId)
      .where('mr.user_id', '=', userId);
  }

  return {
    /** True when the user is a member of the organization. */
    async isMember(organizationId: string, userId: string): Promise<boolean> {
      const row = await db
        .selectFrom('organization_members')
        .select('user_id')
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Adds users as members; existing members are left as they are. Unknown users: 400, nothing added. */
    async add(actor: Actor, organizationId: string, userIds: string[]): Promise<void> {
      const ids = [...new Set(userIds)];
      assertActsIn(actor, organizationId);
      await db.transaction().execute(async (trx) => {
        const org = await assertOrganizationExists(trx, organizationId);
        await assertUsersExist(trx, ids);
        await addMembers(trx, organizationId, ids, iso(clock.now()));
        await events.record(trx, actor, {
          type: 'organization_member_added',
          ...(await subject(trx, org, ids)),
          details: { members: ids },
        });
      });
    },

    /**
     * Removes members (and, by cascade, their roles in the organization); non-members are ignored.
     * Their grants and refresh tokens for the organization go in the same transaction.
     */
    async remove(actor: Actor, organizationId: string, userIds: string[]): Promise<void> {
      const ids = [...new Set(userIds)];
      assertActsIn(actor, organizationId);
      await db.transaction().execute(async (trx) => {
        const org = await assertOrganizationExists(trx, organizationId);
        await assertAllMembers(trx, actor, organizationId, ids);
        await removeMembers(trx, organizationId, ids);
        await assertAnAdminRemains(trx, issuer, actor, organizationId);
        await revokeOrganizationAccess(trx, { organizationId, userIds: ids });
        await events.record(trx, actor, {
          type: 'organization_member_removed',
          ...(await subject(trx, org, ids)),
          details: { members: ids },
        });
      });
    },

    /**
     * Lists members by user id. Checkpoint paging is keyset-based (`user_id > last`), so a page costs
     * the same however deep it is; `includeRoles` adds each member's roles in one extra query.
     */
    async list(organizationId: string, page: PageRequest, options: { includeRoles?: boolean } = {}): Promise<PageResult<Member>> {
      await assertOrganizationExists(db, organizationId);
      return pageByKey({
        // membersQuery sorts by user id already; the helper adds that order itself.
        page,
        query: membersQuery(db, organizationId).clearOrderBy(),
        key: 'm.user_id',
        keyOf: (row) => row.user_id,
        toItems: (rows) => {
          const members = rows.map(toMember);
          return options.includeRoles ? withRoles(organizationId, members) : members;
        },
      });
    },

    /** Members with their profiles, by user id, checkpoint-paged; `includeRoles` adds their roles. */
    async listProfiles(organizationId: string, page: CheckpointPage, options: { includeRoles?: boolean } = {}) {
      await assertOrganizationExists(db, organizationId);
      return pageByKey({
        page,
        query: memberProfilesQuery(db, organizationId),
        key: 'm.user_id',
        keyOf: (row) => row.user_id,
        toItems: async (rows) => {
          const profiles = rows.map(toMemberProfile);
          if (!options.includeRoles) return profiles;
          const roles = await rolesOfMembers(
            db,
            organizationId,
            profiles.map((p) => p.user_id),
          );
          return profiles.map((p) => ({ ...p, roles: roles.get(p.user_id) ?? [] }));
        },
      });
    },

    /** One member's profile; a user who is not a member of this organization is unknown (404). */
    async getProfile(organizationId: string, userId: string, options: { includeRoles?: boolean } = {}): Promise<MemberProfile> {
      await assertOrganizationExists(db, organizationId);
      const row = await memberProfilesQuery(db, organizationId).where('m.user_id', '=', userId).executeTakeFirst();
      if (!row) fail('inexistent_member', `The user ${userId} is not a member of the organization.`);
      const profile = toMemberProfile(row);
      if (!options.includeRoles) return profile;
      return { ...profile, roles: (await rolesOfMembers(db, organizationId, [userId])).get(userId) ?? [] };
    },

    /** A member's roles, by role id, checkpoint-paged; a user who is not a member is unknown (404). */
    async pageRoles(organizationId: string, userId: string, page: CheckpointPage): Promise<PageResult<Role>> {
      await assertOrganizationExists(db, organizationId);
      await assertMember(db, organizationId, userId);
      return pageByKey({
        page,
        query: memberRolesQuery(organizationId, userId).select(['r.id', 'r.name', 'r.description']),
        key: 'r.id',
        keyOf: (row) => row.id,
        toItems: (rows) => rows.map(toRole),
      });
    },

    /** Every role the member holds in the organization (for sign-in claims). */
    async rolesOf(organizationId: string, userId: string): Promise<Role[]> {
      const rows = await memberRolesQuery(organizationId, userId)
        .select(['r.id', 'r.name', 'r.description'])
        .orderBy('r.name')
        .orderBy('r.id')
        .execute();
      return rows.map(toRole);
    },

    async listRoles(organizationId: string, userId: string, page: OffsetPage): Promise<PageResult<Role>> {
      await assertOrganizationExists(db, organizationId);
      await assertMember(db, organizationId, userId);
      const rows = await memberRolesQuery(organizationId, userId)
        .select(['r.id', 'r.name', 'r.description'])
        .orderBy('r.name')
        .orderBy('r.id')
        .limit(page.perPage)
        .offset(page.page * page.perPage)
        .execute();
      const result: PageResult<Role> = { items: rows.map(toRole) };
      if (page.includeTotals) {
        const { count } = await memberRolesQuery(organizationId, userId)
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow();
        result.total = Number(count);
      }
      return result;
    },

    /**
     * Assigns roles; already held roles are kept. At most `limits.memberRoles` per member: a request
     * that would exceed it adds none. The member row is locked first (a no-op update) so two
     * concurrent assignments cannot both pass the count.
     */
    async assignRoles(actor: Actor, organizationId: string, userId: string, roleIds: string[]): Promise<void> {
      assertActsIn(actor, organizationId);
      await db.transaction().execute(async (trx) => {
        const org = await assertOrganizationExists(trx, organizationId);
        if (!(await lockMember(trx, organizationId, userId)))
          fail('inexistent_member', `The user ${userId} is not a member of the organization.`);
        await assertRolesExist(trx, roleIds, 'roles');
        await assertMayGrant(trx, issuer, actor, organizationId, roleIds);
        const heldIds = await memberRoleIds(trx, organizationId, userId);
        const added = [...new Set(roleIds)].filter((id) => !heldIds.has(id));
        const total = heldIds.size + added.length;
        if (total > limits.memberRoles) {
          fail(
            'too_many_entities',
            `A member can have at most ${limits.memberRoles} roles in an organization; this request would give the member ${total}.`,
          );
        }
        await addMemberRoles(trx, organizationId, userId, added);
        await events.record(trx, actor, {
          type: 'organization_member_roles_assigned',
          ...(await subject(trx, org, [userId])),
          details: { roles: [...new Set(roleIds)] },
        });
      });
    },

    /** Removes roles from the member; roles the member does not hold are ignored, unknown roles are a 400. */
    async removeRoles(actor: Actor, organizationId: string, userId: string, roleIds: string[]): Promise<void> {
      const roles = [...new Set(roleIds)];
      assertActsIn(actor, organizationId);
      await db.transaction().execute(async (trx) => {
        const org = await assertOrganizationExists(trx, organizationId);
        await assertMember(trx, organizationId, userId);
        await assertRolesExist(trx, roles, 'roles');
        await removeMemberRoles(trx, organizationId, userId, roles);
        await assertAnAdminRemains(trx, issuer, actor, organizationId);
        await events.record(trx, actor, {
          type: 'organization_member_roles_removed',
          ...(await subject(trx, org, [userId])),
          details: { roles },
        });
      });
    },
  };
}

export type MembershipsService = ReturnType<typeof createMembershipsService>;
