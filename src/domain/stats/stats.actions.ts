/**
 * Which event actions each daily figure counts: the one place that says what a sign-in, a failed
 * sign-in and a new user are. Matched on `events.action` (the change's own code), never on `type`:
 * a user created through the Management API is recorded with type `sapi` and action `user_created`.
 */
export const LOGIN_ACTIONS: readonly string[] = ['s'];

/** Auth0's failed-login codes, and `limit_wc`: a sign-in refused because the account is blocked. */
export const FAILED_LOGIN_ACTIONS: readonly string[] = ['f', 'fp', 'fu', 'limit_wc'];

/**
 * A new user, however made: `ss` (signed up on the hosted login), `user_created` (created by an
 * administrator, through the Management API or the console) and `user_provisioned` (made by a login
 * through an upstream IdP, or by SCIM). The last two are recorded by the users and provisioning
 * services; counting them by action keeps this list the only thing to change when a way is added.
 */
export const SIGNUP_ACTIONS: readonly string[] = ['ss', 'user_created', 'user_provisioned'];

/** Every action any figure counts: the filter of the one query (served by the (action, date) index). */
export const COUNTED_ACTIONS: readonly string[] = [...LOGIN_ACTIONS, ...FAILED_LOGIN_ACTIONS, ...SIGNUP_ACTIONS];
