/** A user as the protocol layers see them: whether they may sign in, and the profile their tokens carry. */
export interface Account {
  id: string;
  blocked: boolean;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  nickname: string | null;
  picture: string | null;
  updatedAt: string;
}

/** A tenant-level role a user holds (outside any organization). */
export interface TenantRole {
  id: string;
  name: string;
}
