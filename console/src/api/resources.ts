// The Management API's resources as the server defines them. The domain's *.types.ts files hold
// only types and constants, so one definition serves both sides: a field renamed on the server
// fails the console's typecheck instead of its screens.
export type { Branding, Organization } from '../../../src/domain/organizations/organizations.types';
export type { AccessLevel, OrganizationConnection } from '../../../src/domain/organization-connections/organization-connections.types';
export type { Invitation } from '../../../src/domain/invitations/invitations.types';
export type { Member } from '../../../src/domain/memberships/memberships.types';
export type { Role, RolePermission } from '../../../src/domain/roles/roles.types';
export type { User, UserIdentity } from '../../../src/domain/users/users.types';
export type { Connection, ConnectionOptions } from '../../../src/domain/connections/connections.types';
export type { ResourceServer, ResourceServerScope } from '../../../src/domain/resource-servers/resource-servers.types';
export type { AppType, Client as StoredClient } from '../../../src/domain/clients/clients.types';
export type { ClientGrant } from '../../../src/domain/client-grants/client-grants.types';
export type { DailyStats } from '../../../src/domain/stats/stats.types';
export { isEnterprise } from '../../../src/domain/connections/connections.types';
export type { LogEntry } from '../../../src/domain/events/logs.types';
export { LOG_FIELDS } from '../../../src/domain/events/logs.types';
export { EVENT_TYPES, type EventType } from '../../../src/domain/events/event-types';
export type { OrganizationDomain } from '../../../src/domain/organization-domains/organization-domains.types';
export type { AuthenticationMethod } from '../../../src/domain/mfa/mfa.types';
