import type { Kysely } from 'kysely';
import type { Config, Limits } from '../config/config.js';
import type { Database } from '../db/database.js';
import type { Clock } from './shared/clock.js';
import { createOrganizationsService } from './organizations/organizations.service.js';
import { createConnectionsService } from './connections/connections.service.js';
import { createIdentityProvidersService } from './identity-providers/identity-providers.service.js';
import { createConnectionProfilesService } from './identity-providers/connection-profiles.service.js';
import { createOrganizationConnectionsService } from './organization-connections/organization-connections.service.js';
import { createUsersService } from './users/users.service.js';
import { createRolesService } from './roles/roles.service.js';
import { createMembershipsService } from './memberships/memberships.service.js';
import { createInvitationsService } from './invitations/invitations.service.js';
import { createConfigCache, type ConfigCache } from './shared/config-cache.js';
import { createClientsService } from './clients/clients.service.js';
import { createClientGrantsService } from './client-grants/client-grants.service.js';
import { createResourceServersService } from './resource-servers/resource-servers.service.js';
import { createRateLimiter } from './rate-limits/rate-limiter.js';
import { createSignInService } from './sign-in/sign-in.service.js';
import { createEmailService } from './email/email.service.js';
import { createEventsService, type EventsService } from './events/events.service.js';
import { createStatsService } from './stats/stats.service.js';
import { createProtocolStoreService } from './protocol-store/protocol-store.service.js';
import { createKeysService } from './keys/keys.service.js';
import { createSettingsService } from './settings/settings.service.js';
import { createHealthService } from './health/health.service.js';
import { createAccountsService } from './accounts/accounts.service.js';
import { createLogsService } from './events/logs.service.js';
import { createJobsService } from './jobs/jobs.service.js';
import { createLogStreamsService } from './log-streams/log-streams.service.js';
import { type DomainMetrics, NO_METRICS } from './metrics/domain-metrics.js';
import { createOrganizationDomainsService } from './organization-domains/organization-domains.service.js';
import { createScimServices } from './scim/index.js';
import { createSelfServiceProfilesService } from './self-service/profiles.service.js';
import { createSsoTicketsService } from './self-service/tickets.service.js';
import { createSelfServiceWizard } from './self-service/wizard.service.js';
import { createMfaService } from './mfa/mfa.service.js';
import { createWebAuthnService } from './mfa/webauthn.service.js';
import { createMfaEmailService } from './mfa/email-codes.service.js';

/** What every domain service is built from. */
export interface ServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  limits: Limits;
  /** The public issuer URL (invitation links, the Management API audience). */
  issuer: string;
  /**
   * Applications, APIs and client grants as the protocol endpoints read them: one cache for the
   * services that write them (and clear it) and the OIDC provider that reads through them.
   */
  configCache: ConfigCache;
  /** The event log every command records its change in, inside the change's transaction. */
  events: EventsService;
  /** Where sign-in outcomes, tokens and deliveries are counted when metrics are kept. */
  metrics: DomainMetrics;
}

/** The composition root: every domain service, wired once from the database, config and clock. */
export function createServices(db: Kysely<Database>, config: Config, clock: Clock, metrics: DomainMetrics = NO_METRICS) {
  const events = createEventsService({ db, clock, metrics });
  const deps: ServiceDeps = { db, clock, limits: config.limits, issuer: config.issuer, configCache: createConfigCache(), events, metrics };
  const users = createUsersService(deps);
  const invitations = createInvitationsService(deps);
  const organizationDomains = createOrganizationDomainsService({ ...deps, dnsServers: config.dnsServers });
  const email = createEmailService({ ...deps, email: config.email, dataDir: config.dataDir });
  const connections = createConnectionsService(deps);
  const organizationConnections = createOrganizationConnectionsService(deps);
  return {
    events,
    logs: createLogsService({ db, events }),
    organizations: createOrganizationsService(deps),
    connections,
    organizationConnections,
    organizationDomains,
    selfServiceProfiles: createSelfServiceProfilesService(deps),
    ssoTickets: createSsoTicketsService({ ...deps, connections }),
    selfServiceWizard: createSelfServiceWizard({ ...deps, connections, organizationConnections, organizationDomains }),
    identityProviders: createIdentityProvidersService(deps),
    connectionProfiles: createConnectionProfilesService(deps),
    users,
    roles: createRolesService(deps),
    memberships: createMembershipsService(deps),
    invitations,
    clients: createClientsService(deps),
    clientGrants: createClientGrantsService(deps),
    resourceServers: createResourceServersService(deps),
    managementRateLimiter: createRateLimiter(db, clock, config.rateLimit),
    email,
    jobs: createJobsService({ ...deps, email, importRunner: config.importJobs, exportPasswordHashes: config.exportPasswordHashes }),
    signIn: createSignInService({ ...deps, users, invitations, throttle: config.signInThrottle }),
    stats: createStatsService(deps),
    // What the protocol layers (oidc/, login/, federation/) read and write instead of tables.
    protocolStore: createProtocolStoreService(deps),
    keys: createKeysService({ ...deps, activationDelaySeconds: config.signingKeyActivationDelay }),
    settings: createSettingsService(deps),
    health: createHealthService(deps),
    accounts: createAccountsService(deps),
    logStreams: createLogStreamsService({ ...deps, options: config.logStreams }),
    scim: createScimServices(deps, { requestsPerTokenPerMinute: config.scimRateLimit }),
    mfa: createMfaService(deps),
    webauthn: createWebAuthnService(deps),
    mfaEmail: createMfaEmailService({ ...deps, email }),
  };
}

export type Services = ReturnType<typeof createServices>;
