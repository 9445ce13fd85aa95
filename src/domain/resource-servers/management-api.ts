/**
 * The Management API as a resource server. Its identifier follows the issuer (`<issuer>/api/v2/`),
 * and its scopes are Auth0's for the resources Gatehouse implements.
 */
const RESOURCES = [
  'organizations',
  'organization_connections',
  'organization_members',
  'organization_member_roles',
  'organization_invitations',
  'organization_discovery_domains',
  'connections',
  'users',
  'roles',
  'role_members',
  'clients',
  'client_grants',
  'resource_servers',
  'stats',
  'log_streams',
  'signing_keys',
  'self_service_profiles',
  'sso_access_tickets',
  'authentication_methods',
  'connection_profiles',
  'mfa_policies',
  'guardian_factors',
] as const;

const ACTIONS: Record<(typeof RESOURCES)[number], string[]> = {
  organizations: ['read', 'create', 'update', 'delete'],
  organization_connections: ['read', 'create', 'update', 'delete'],
  organization_members: ['read', 'create', 'delete'],
  organization_member_roles: ['read', 'create', 'delete'],
  organization_invitations: ['read', 'create', 'delete'],
  // Verifying a domain by its DNS record is an update.
  organization_discovery_domains: ['read', 'create', 'update', 'delete'],
  connections: ['read', 'create', 'update', 'delete'],
  users: ['read', 'create', 'update', 'delete'],
  roles: ['read', 'create', 'update', 'delete'],
  // Assigning tenant roles is its own power (Auth0's scopes): a tenant role can grant the Management API.
  role_members: ['read', 'create', 'delete'],
  clients: ['read', 'create', 'update', 'delete'],
  client_grants: ['read', 'create', 'update', 'delete'],
  resource_servers: ['read', 'create', 'update', 'delete'],
  // Daily sign-in figures and active users, computed from the events.
  stats: ['read'],
  log_streams: ['read', 'create', 'update', 'delete'],
  // Auth0's: rotating takes create or update (`POST /keys/signing/rotate`); revoking is not offered.
  signing_keys: ['read', 'create', 'update'],
  self_service_profiles: ['read', 'create', 'update', 'delete'],
  // A ticket opens the self-service SSO wizard once; revoking it is Auth0's delete.
  sso_access_tickets: ['create', 'delete'],
  // A user's second factors: listed and removed (enrolment is the user's own, in the login).
  authentication_methods: ['read', 'delete'],
  // What organization admins may create and set through the My Organization API.
  connection_profiles: ['read', 'create', 'update', 'delete'],
  // The tenant's MFA policy (`/guardian/policies`) and which factors it offers (`/guardian/factors`).
  mfa_policies: ['read', 'update'],
  guardian_factors: ['read', 'update'],
};

/** Every Management API scope, e.g. `read:organizations`, `create:organization_connections`. */
export const MANAGEMENT_SCOPES: string[] = RESOURCES.flatMap((r) => ACTIONS[r].map((a) => `${a}:${r}`)).concat([
  'read:client_keys',
  'update:client_keys',
  // The audit log (`/logs`) and one user's entries (`/users/{id}/logs`), as Auth0 splits them.
  'read:logs',
  'read:logs_users',
  // SCIM provisioning of enterprise connections, as Auth0 names it.
  'read:scim_config',
  'create:scim_config',
  'update:scim_config',
  'delete:scim_config',
  'read:scim_token',
  'create:scim_token',
  'delete:scim_token',
]);

export const MANAGEMENT_API_NAME = 'Gatehouse Management API';
