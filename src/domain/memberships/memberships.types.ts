/** A member's role as the members list shows it. */
export interface MemberRole {
  id: string;
  name: string;
}

/** A user who is a member of an organization, with the profile fields Auth0 lists. */
export interface Member {
  user_id: string;
  email?: string;
  picture?: string;
  name?: string;
  /** Only when asked for (Auth0 returns roles when `fields` names them). */
  roles?: MemberRole[];
}

/** A member with the profile fields the My Organization API shows (Auth0's `OrgMember`). */
export interface MemberProfile {
  user_id: string;
  email?: string;
  name?: string;
  nickname?: string;
  given_name?: string;
  family_name?: string;
  phone_number?: string;
  created_at: string;
  updated_at: string;
  last_login?: string;
  roles?: (MemberRole & { description?: string })[];
}
