/**
 * Auth0's My Account API as a resource server: a person manages their own account through it (for
 * now, their authentication methods). Its identifier follows the issuer (`<issuer>/me/`), as Auth0
 * forms it; its scopes are Auth0's `<op>:me:<resource>` for the routes Gatehouse serves.
 */
export const MY_ACCOUNT_SCOPES: string[] = [
  'read:me:authentication_methods',
  'create:me:authentication_methods',
  'delete:me:authentication_methods',
];

export const MY_ACCOUNT_API_NAME = 'Gatehouse My Account API';

/** Short-lived, as My Organization tokens: removing a factor is a sensitive change. */
export const MY_ACCOUNT_TOKEN_LIFETIME = 600;
