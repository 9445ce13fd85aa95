import { createSession } from '../auth/oidc-session';

/**
 * The portal's sign-in: an organization login for the My Organization API. Its tokens last ten
 * minutes; a renewal goes back through the hosted login, in the same organization.
 */
export const { startSession, signIn, accessToken, currentUser, hasScope, signOut } = createSession({
  base: '/portal',
  home: '/portal/members',
  product: 'portal',
  organizations: true,
  noAccess:
    'Your account holds no organization-admin permission here, so the portal has nothing to show you. Ask an administrator of your organization for a role with My Organization permissions.',
});
