/**
 * Auth0's My Organization API as a resource server: an organization's administrators manage their
 * own organization through it. Its identifier follows the issuer (`<issuer>/my-org/`); its scopes are
 * Auth0's `<op>:my_org:<resource>`, all of them, whether or not Gatehouse serves the route yet, so
 * that roles and client grants written for Auth0 keep their meaning.
 */
const ACTIONS: Record<string, string[]> = {
  details: ['read', 'update'],
  configuration: ['read'],
  members: ['read'],
  memberships: ['delete'],
  member_roles: ['read', 'create', 'delete'],
  member_invitations: ['read', 'create', 'delete'],
  domains: ['read', 'create', 'update', 'delete'],
  identity_providers: ['read', 'create', 'update', 'delete'],
  identity_providers_detach: ['update'],
  identity_providers_domains: ['create', 'delete'],
  identity_providers_provisioning: ['read', 'create', 'update', 'delete'],
  identity_providers_scim_tokens: ['read', 'create', 'delete'],
};

/** Every My Organization API scope, e.g. `read:my_org:details`, `create:my_org:member_invitations`. */
export const MY_ORG_SCOPES: string[] = Object.entries(ACTIONS).flatMap(([resource, actions]) =>
  actions.map((action) => `${action}:my_org:${resource}`),
);

export const MY_ORG_API_NAME = 'Gatehouse My Organization API';

/** Auth0 issues My Organization API tokens for 600 seconds: an administrator's power is short-lived. */
export const MY_ORG_TOKEN_LIFETIME = 600;
