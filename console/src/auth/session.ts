import { createSession } from './oidc-session';

export type { StartOutcome } from './oidc-session';

/** The console's sign-in: the Management API, every scope the console asks for. */
const session = createSession({
  base: '/console',
  home: '/console/activity',
  product: 'console',
  noAccess:
    'Your account holds no Management API permission, so the console has nothing to show you. Ask a tenant administrator for the Tenant Administrator role.',
});

export const { startSession, signIn, accessToken, currentUser, hasScope, signOut } = session;
export const consoleConfig = session.config;
