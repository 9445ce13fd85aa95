import type { SettingTable } from './settings.table.js';
import type { SigningKeyTable } from './signing-keys.table.js';
import type { OidcPayloadTable } from './oidc-payloads.table.js';
import type { RateLimitTable } from './rate-limits.table.js';
import type { ResourceServerTable } from './resource-servers.table.js';
import type { ClientTable } from './clients.table.js';
import type { ClientGrantTable } from './client-grants.table.js';
import type { OrganizationTable } from './organizations.table.js';
import type { ConnectionTable } from './connections.table.js';
import type { ConnectionDomainTable } from './connection-domains.table.js';
import type { ConnectionClientTable } from './connection-clients.table.js';
import type { OrganizationConnectionTable } from './organization-connections.table.js';
import type { UserTable } from './users.table.js';
import type { IdentityTable } from './identities.table.js';
import type { RoleTable } from './roles.table.js';
import type { RolePermissionTable } from './role-permissions.table.js';
import type { UserRoleTable } from './user-roles.table.js';
import type { OrganizationMemberTable } from './organization-members.table.js';
import type { OrganizationMemberRoleTable } from './organization-member-roles.table.js';
import type { InvitationTable } from './invitations.table.js';
import type { GrantOrganizationTable } from './grant-organizations.table.js';
import type { GrantConnectionTable } from './grant-connections.table.js';
import type { EmailTicketTable } from './email-tickets.table.js';
import type { PasswordHistoryTable } from './password-history.table.js';
import type { EventSequenceTable, EventTable } from './events.table.js';
import type { LogStreamTable } from './log-streams.table.js';
import type { OrganizationDomainTable } from './organization-domains.table.js';
import type { UserJobChunkTable, UserJobErrorTable, UserJobTable } from './user-jobs.table.js';
import type {
  GroupRoleMappingTable,
  ScimConfigurationTable,
  ScimGroupMemberTable,
  ScimGroupTable,
  ScimTokenTable,
  ScimUserTable,
} from './scim.table.js';
import type { SelfServiceProfileTable, SsoTicketTable } from './self-service.table.js';
import type { AuthenticationMethodTable, RecoveryCodeTable } from './authentication-methods.table.js';
import type { MfaEmailCodeTable } from './mfa-email-codes.table.js';

/** Every table, as Kysely sees it. */
export interface Database {
  settings: SettingTable;
  signing_keys: SigningKeyTable;
  oidc_payloads: OidcPayloadTable;
  rate_limits: RateLimitTable;
  resource_servers: ResourceServerTable;
  clients: ClientTable;
  client_grants: ClientGrantTable;
  organizations: OrganizationTable;
  connections: ConnectionTable;
  connection_domains: ConnectionDomainTable;
  connection_clients: ConnectionClientTable;
  organization_connections: OrganizationConnectionTable;
  users: UserTable;
  identities: IdentityTable;
  roles: RoleTable;
  role_permissions: RolePermissionTable;
  user_roles: UserRoleTable;
  organization_members: OrganizationMemberTable;
  organization_member_roles: OrganizationMemberRoleTable;
  invitations: InvitationTable;
  grant_organizations: GrantOrganizationTable;
  grant_connections: GrantConnectionTable;
  email_tickets: EmailTicketTable;
  password_history: PasswordHistoryTable;
  events: EventTable;
  event_sequence: EventSequenceTable;
  log_streams: LogStreamTable;
  organization_domains: OrganizationDomainTable;
  user_jobs: UserJobTable;
  user_job_errors: UserJobErrorTable;
  scim_configurations: ScimConfigurationTable;
  scim_tokens: ScimTokenTable;
  scim_users: ScimUserTable;
  scim_groups: ScimGroupTable;
  scim_group_members: ScimGroupMemberTable;
  group_role_mappings: GroupRoleMappingTable;
  user_job_chunks: UserJobChunkTable;
  self_service_profiles: SelfServiceProfileTable;
  sso_tickets: SsoTicketTable;
  authentication_methods: AuthenticationMethodTable;
  recovery_codes: RecoveryCodeTable;
  mfa_email_codes: MfaEmailCodeTable;
}
