import type { Member } from '../../domain/memberships/memberships.types.js';

/** What `fields`/`include_fields` ask of the members list: whether to load roles, and the projection. */
export function memberFields(query: { fields?: string; include_fields?: boolean }) {
  const named = query.fields ? new Set(query.fields.split(',')) : undefined;
  const include = query.include_fields ?? true;
  return {
    // Auth0 returns a member's roles only when `fields` names them.
    includeRoles: named !== undefined && include && named.has('roles'),
    project(member: Member): Partial<Member> {
      if (!named) return member;
      return Object.fromEntries(Object.entries(member).filter(([key]) => named.has(key) === include));
    },
  };
}
