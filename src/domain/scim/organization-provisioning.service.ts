import type { Actor } from '../events/actor.js';
import { isEnterprise } from '../connections/connections.types.js';
import { fail } from '../errors.js';
import { assertFull } from '../identity-providers/identity-providers.rules.js';
import { assertActsIn } from '../memberships/organization-admins.js';
import { findJoined } from '../organization-connections/organization-connections.queries.js';
import type { AccessLevel } from '../organization-connections/organization-connections.types.js';
import type { ServiceDeps } from '../services.js';
import type { ScimConfigurationsService } from './scim-configurations.service.js';
import type { ScimConfiguration, ScimTokenInfo } from './scim.types.js';

const NOT_FOUND = 'No identity provider found by that id in this organization.';

/**
 * SCIM provisioning of an organization's identity providers as its own administrators manage it
 * (Auth0's My Organization API `/identity-providers/{idp_id}/provisioning`): the connection's SCIM
 * configuration and tokens, through the tenant's SCIM service, within the organization's access
 * level on it. Reading needs the connection visible to the organization (any level but `none`);
 * changing it, as a SCIM token can create and remove the organization's people, needs `full`. A
 * connection of another organization, or hidden at `none`, is unknown (404) so that ids teach nothing.
 */
export function createOrganizationProvisioningService({ db, configurations }: ServiceDeps & { configurations: ScimConfigurationsService }) {
  async function provider(actor: Actor, organizationId: string, idpId: string, change?: string): Promise<string> {
    assertActsIn(actor, organizationId);
    const link = await findJoined(db, organizationId, idpId);
    if (!link || link.organization_access_level === 'none' || !isEnterprise(link.strategy)) fail('inexistent_connection', NOT_FOUND);
    if (change) assertFull(link.organization_access_level as AccessLevel, change);
    return idpId;
  }

  return {
    async get(actor: Actor, organizationId: string, idpId: string): Promise<ScimConfiguration> {
      return configurations.get(await provider(actor, organizationId, idpId));
    },

    /** SCIM on, with the tenant's default mapping (the tenant's console or API changes it). */
    async create(actor: Actor, organizationId: string, idpId: string): Promise<ScimConfiguration> {
      return configurations.create(actor, await provider(actor, organizationId, idpId, 'Turning provisioning on'), {});
    },

    async remove(actor: Actor, organizationId: string, idpId: string): Promise<void> {
      await configurations.remove(actor, await provider(actor, organizationId, idpId, 'Turning provisioning off'));
    },

    async listTokens(actor: Actor, organizationId: string, idpId: string): Promise<ScimTokenInfo[]> {
      return configurations.listTokens(await provider(actor, organizationId, idpId));
    },

    async getToken(actor: Actor, organizationId: string, idpId: string, tokenId: string): Promise<ScimTokenInfo> {
      const token = (await configurations.listTokens(await provider(actor, organizationId, idpId))).find((t) => t.token_id === tokenId);
      if (!token) fail('inexistent_scim_token', 'No SCIM token found by that id for this identity provider.');
      return token;
    },

    /** The token's value is in this answer only. */
    async createToken(
      actor: Actor,
      organizationId: string,
      idpId: string,
      input: { token_lifetime?: number | null },
    ): Promise<ScimTokenInfo & { token: string }> {
      const id = await provider(actor, organizationId, idpId, 'Creating a SCIM token');
      return configurations.createToken(actor, id, { token_lifetime: input.token_lifetime ?? null });
    },

    async removeToken(actor: Actor, organizationId: string, idpId: string, tokenId: string): Promise<void> {
      await configurations.removeToken(actor, await provider(actor, organizationId, idpId, 'Deleting a SCIM token'), tokenId);
    },
  };
}

export type OrganizationProvisioningService = ReturnType<typeof createOrganizationProvisioningService>;
