/**
 * Every event type Gatehouse records: Auth0's log type code where Auth0 has one, a Gatehouse code
 * (snake_case, `<noun>_<verb>`) where it has none. `category` is Auth0's log stream filter category.
 * The list is the documentation: docs/logs.md is checked against it.
 */
export const EVENT_TYPES = {
  // Sign-in outcomes (Auth0's codes).
  s: { description: 'Success Login', category: 'auth.login.success' },
  f: { description: 'Failed Login', category: 'auth.login.fail' },
  fp: { description: 'Failed Login (Incorrect Password)', category: 'auth.login.fail' },
  fu: { description: 'Failed Login (Invalid Email/Username)', category: 'auth.login.fail' },
  ss: { description: 'Success Signup', category: 'auth.signup.success' },
  fs: { description: 'Failed Signup', category: 'auth.signup.fail' },
  ssa: { description: 'Success Silent Auth', category: 'auth.silent_auth.success' },
  fsa: { description: 'Failed Silent Auth', category: 'auth.silent_auth.fail' },
  seacft: { description: 'Success Exchange (Authorization Code for Access Token)', category: 'auth.token_exchange.success' },
  feacft: { description: 'Failed Exchange (Authorization Code for Access Token)', category: 'auth.token_exchange.fail' },
  seccft: { description: 'Success Exchange (Client Credentials for Access Token)', category: 'auth.token_exchange.success' },
  feccft: { description: 'Failed Exchange (Client Credentials for Access Token)', category: 'auth.token_exchange.fail' },
  sertft: { description: 'Success Exchange (Refresh Token for Access Token)', category: 'auth.token_exchange.success' },
  fertft: { description: 'Failed Exchange (Refresh Token for Access Token)', category: 'auth.token_exchange.fail' },
  sepft: { description: 'Success Exchange (Password for Access Token)', category: 'auth.token_exchange.success' },
  fepft: { description: 'Failed Exchange (Password for Access Token)', category: 'auth.token_exchange.fail' },
  slo: { description: 'Success Logout', category: 'auth.logout.success' },
  flo: { description: 'Failed Logout', category: 'auth.logout.fail' },
  limit_wc: { description: 'Blocked Account', category: 'user.fail' },
  limit_mu: { description: 'Blocked IP Address', category: 'user.fail' },
  // Account changes a user makes (Auth0's codes).
  scp: { description: 'Success Change Password', category: 'user.notification' },
  fcp: { description: 'Failed Change Password', category: 'user.fail' },
  scpr: { description: 'Success Change Password Request', category: 'user.notification' },
  fcpr: { description: 'Failed Change Password Request', category: 'user.fail' },
  sv: { description: 'Success Verification Email', category: 'user.notification' },
  fv: { description: 'Failed Verification Email', category: 'user.fail' },
  svr: { description: 'Success Verification Email Request', category: 'user.notification' },
  du: { description: 'Deleted User', category: 'user.notification' },
  // Sign-in outcomes and account changes without an Auth0 code (Gatehouse's).
  user_provisioned: { description: 'User provisioned at login (created just in time, claimed or merged)', category: 'user.notification' },
  organization_invitation_accepted: { description: 'Organization invitation accepted', category: 'user.notification' },
  // API operations (Auth0's codes). A change through an API is `sapi`, its own code in details.action.
  sapi: { description: 'Success API Operation', category: 'management.success' },
  fapi: { description: 'Failed API Operation', category: 'management.fail' },
  // Changes without an Auth0 code (Gatehouse's).
  organization_created: { description: 'Organization created', category: 'management.success' },
  organization_updated: { description: 'Organization updated', category: 'management.success' },
  organization_deleted: { description: 'Organization deleted', category: 'management.success' },
  organization_member_added: { description: 'Member added to an organization', category: 'user.notification' },
  organization_member_removed: { description: 'Member removed from an organization', category: 'user.notification' },
} as const satisfies Record<string, { description: string; category: string }>;

export type EventType = keyof typeof EVENT_TYPES;
