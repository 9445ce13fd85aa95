import type { ServiceDeps } from '../services.js';
import { createRateLimiter } from '../rate-limits/rate-limiter.js';
import { createGroupRoleMappingsService } from './group-role-mappings.service.js';
import { createOrganizationProvisioningService } from './organization-provisioning.service.js';
import { createScimConfigurationsService } from './scim-configurations.service.js';
import { createScimGroupsService } from './scim-groups.service.js';
import { createScimUsersService } from './scim-users.service.js';

/** SCIM 2.0 inbound provisioning: configurations and tokens, Users, Groups, and the group → role mapping. */
export function createScimServices(deps: ServiceDeps, options: { requestsPerTokenPerMinute: number }) {
  const configurations = createScimConfigurationsService(deps);
  return {
    /** Requests per SCIM token per minute, counted in the database (shared by every node). */
    rateLimiter: createRateLimiter(deps.db, deps.clock, { max: options.requestsPerTokenPerMinute, windowSeconds: 60 }),
    configurations,
    organizationProvisioning: createOrganizationProvisioningService({ ...deps, configurations }),
    users: createScimUsersService(deps),
    groups: createScimGroupsService(deps),
    groupRoleMappings: createGroupRoleMappingsService(deps),
  };
}

export type ScimServices = ReturnType<typeof createScimServices>;
export { SCIM_TOKEN_SCOPES } from './scim-tokens.js';
export { scimBoolean } from './scim-mapping.js';
export { CORE_GROUP_SCHEMA, CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA } from './scim-paths.js';
export type * from './scim.types.js';
