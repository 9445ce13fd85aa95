import { createSession } from '../auth/oidc-session';

/**
 * The account page's sign-in: any person's own login, for the My Account API. Changing factors
 * needs a recent login: the page signs in again with `max_age=0` when the API says so.
 */
export const { startSession, signIn, accessToken, currentUser, signOut } = createSession({
  base: '/account',
  home: '/account/security',
  product: 'account',
  noAccess: 'This sign-in gave the account page no permission over your account. Sign in again, or ask your administrator.',
});
