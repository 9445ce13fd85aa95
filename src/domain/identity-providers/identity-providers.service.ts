import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ConnectionRow } from '../../db/schema/connections.table.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { changedFields } from '../events/changed-fields.js';
import { revokeConnectionAccess, revokeOrganizationAccess } from '../access/access-revocation.js';
import { assertActsIn } from '../memberships/organization-admins.js';
import { fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { bool, int } from '../shared/json.js';
import { isEnterprise } from '../connections/connections.types.js';
import { isSecretKey, keepOmittedSecrets, normalizeOptions } from '../connections/connections.options.js';
import {
  deleteConnection,
  findConnectionRow,
  insertConnection,
  replaceDomains,
  toConnection,
  updateConnection,
} from '../connections/connections.queries.js';
import { enableForEveryClient } from '../connections/connection-clients.queries.js';
import { findOrganizationRow, lockOrganizationRow } from '../organizations/organizations.queries.js';
import { normalizeDomain } from '../organization-domains/domain-name.js';
import { findDomainRow, findDomainRowByName } from '../organization-domains/organization-domains.queries.js';
import {
  countOrganizationConnections,
  deleteOrganizationConnection,
  findJoined,
  insertOrganizationConnection,
  joined,
  type JoinedRow,
  updateOrganizationConnection,
} from '../organization-connections/organization-connections.queries.js';
import type { AccessLevel } from '../organization-connections/organization-connections.types.js';
import { MY_ORG_OPTIONS, readConnectionProfile } from './connection-profile.js';
import { assertFull, assertMayCreate, assertMayUpdate } from './identity-providers.rules.js';
import type { IdentityProvider, IdentityProviderInput, IdentityProviderPatch } from './identity-providers.types.js';

type Db = Kysely<Database>;

const NOT_FOUND = 'No identity provider found by that id';

/** What the organization admin sees: the options the API speaks, never a secret. */
function visibleOptions(row: ConnectionRow): Record<string, unknown> {
  const { options, strategy } = toConnection(row);
  const keys = new Set(MY_ORG_OPTIONS[strategy] ?? []);
  return Object.fromEntries(Object.entries(options).filter(([key]) => keys.has(key) && !isSecretKey(key)));
}

function toIdentityProvider(link: JoinedRow, row: ConnectionRow): IdentityProvider {
  const connection = toConnection(row);
  const idp: IdentityProvider = {
    id: row.id,
    name: link.organization_connection_name ?? row.name,
    strategy: connection.strategy,
    domains: connection.options.domain_aliases,
    show_as_button: bool(link.show_as_button),
    assign_membership_on_login: bool(link.assign_membership_on_login),
    is_enabled: bool(link.is_enabled),
    access_level: link.organization_access_level as AccessLevel,
    options: visibleOptions(row),
  };
  if (row.display_name !== null) idp.display_name = row.display_name;
  return idp;
}

/**
 * An organization's identity providers as its own administrators manage them (the My Organization
 * API): its enterprise connections whose access level is not `none`, changed within that level and
 * the tenant's connection profile. A connection of another organization, or one hidden at `none`,
 * is unknown (404) so that guessing ids teaches nothing.
 */
export function createIdentityProvidersService({ db, clock, events, limits }: ServiceDeps) {
  async function visible(trx: Db, actor: Actor, organizationId: string, id: string) {
    assertActsIn(actor, organizationId);
    const link = await findJoined(trx, organizationId, id);
    if (!link || link.organization_access_level === 'none' || !isEnterprise(link.strategy)) fail('inexistent_connection', NOT_FOUND);
    const row = (await findConnectionRow(trx, id))!;
    return { link, row };
  }

  async function organization(trx: Db, organizationId: string) {
    const org = await findOrganizationRow(trx, organizationId);
    if (!org) fail('inexistent_organization', 'No organization found by that id or name');
    return org;
  }

  function subject(org: { id: string; name: string }, row: ConnectionRow) {
    return { organizationId: org.id, organizationName: org.name, connection: row.name, connectionId: row.id, strategy: row.strategy };
  }

  /**
   * Sets the connection's home realm discovery domains, recorded as an update by the admin. Only at
   * access level `full`: the domains decide where a person's login goes.
   */
  async function changeDomains(
    actor: Actor,
    organizationId: string,
    id: string,
    change: (domains: string[]) => string[],
    details: Record<string, unknown>,
  ): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const org = await organization(trx, organizationId);
      const { link, row } = await visible(trx, actor, organizationId, id);
      assertFull(link.organization_access_level as AccessLevel, 'Changing the domains of an identity provider');
      const options = toConnection(row).options;
      const domain_aliases = change(options.domain_aliases);
      await replaceDomains(trx, id, domain_aliases);
      await updateConnection(trx, id, { options: JSON.stringify({ ...options, domain_aliases }), updated_at: iso(clock.now()) });
      await events.record(trx, actor, {
        type: 'identity_provider_updated',
        ...subject(org, row),
        details: { changed: ['domains'], ...details, access_level: link.organization_access_level },
      });
    });
  }

  return {
    /**
     * Associates one of the organization's verified domains with the identity provider (Auth0's
     * `POST /identity-providers/{id}/domains`): people of that domain are sent to it at login.
     */
    async addDomain(actor: Actor, organizationId: string, id: string, input: string): Promise<string> {
      assertActsIn(actor, organizationId);
      const domain = normalizeDomain(input);
      const proven = await findDomainRowByName(db, organizationId, domain);
      if (proven?.status !== 'verified') invalidInput('domain', "Must be one of the organization's verified domains", { value: domain });
      await changeDomains(
        actor,
        organizationId,
        id,
        (domains) => {
          if (domains.includes(domain)) fail('domain_conflict', `The domain ${domain} is already associated with this identity provider.`);
          return [...domains, domain];
        },
        { domain_added: domain },
      );
      return domain;
    },

    /** Removes a domain from the identity provider (by name, as Auth0's route takes it). */
    async removeDomain(actor: Actor, organizationId: string, id: string, input: string): Promise<void> {
      assertActsIn(actor, organizationId);
      const domain = input.trim().toLowerCase();
      await changeDomains(
        actor,
        organizationId,
        id,
        (domains) => {
          if (!domains.includes(domain)) fail('inexistent_domain', 'The identity provider has no such domain');
          return domains.filter((d) => d !== domain);
        },
        { domain_removed: domain },
      );
    },

    /** The identity providers one of the organization's domains sends people to (`GET /domains/{id}/identity-providers`). */
    async ofDomain(actor: Actor, organizationId: string, domainId: string): Promise<IdentityProvider[]> {
      assertActsIn(actor, organizationId);
      const row = await findDomainRow(db, organizationId, domainId);
      if (!row) fail('inexistent_domain', 'No domain found by that id in this organization');
      return (await this.list(actor, organizationId)).filter((idp) => idp.domains.includes(row.domain));
    },

    async list(actor: Actor, organizationId: string): Promise<IdentityProvider[]> {
      assertActsIn(actor, organizationId);
      await organization(db, organizationId);
      const links = await joined(db, organizationId)
        .where('oc.organization_access_level', '!=', 'none')
        .orderBy('oc.created_at')
        .orderBy('oc.connection_id')
        .execute();
      const result: IdentityProvider[] = [];
      for (const link of links.filter((l) => isEnterprise(l.strategy))) {
        result.push(toIdentityProvider(link, (await findConnectionRow(db, link.connection_id))!));
      }
      return result;
    },

    async get(actor: Actor, organizationId: string, id: string): Promise<IdentityProvider> {
      const { link, row } = await visible(db, actor, organizationId, id);
      return toIdentityProvider(link, row);
    },

    async update(actor: Actor, organizationId: string, id: string, patch: IdentityProviderPatch): Promise<IdentityProvider> {
      return db.transaction().execute(async (trx) => {
        const org = await organization(trx, organizationId);
        const { link, row } = await visible(trx, actor, organizationId, id);
        const level = link.organization_access_level as AccessLevel;
        const strategy = toConnection(row).strategy;
        assertMayUpdate(level, await readConnectionProfile(trx), strategy, patch);

        const settings: Record<string, number> = {};
        for (const field of ['is_enabled', 'show_as_button', 'assign_membership_on_login'] as const) {
          if (patch[field] !== undefined) settings[field] = int(patch[field]);
        }
        if (Object.keys(settings).length > 0) await updateOrganizationConnection(trx, organizationId, id, settings);
        if (bool(link.is_enabled) && patch.is_enabled === false) await revokeOrganizationAccess(trx, { organizationId, connectionId: id });

        if (patch.display_name !== undefined || patch.options !== undefined) {
          const changes: Parameters<typeof updateConnection>[2] = { updated_at: iso(clock.now()) };
          if (patch.display_name !== undefined) changes.display_name = patch.display_name;
          if (patch.options !== undefined) {
            // Merged, not replaced: the tenant's options the admin cannot see or set stay as they are.
            const stored = toConnection(row).options;
            const options = keepOmittedSecrets(normalizeOptions(strategy, { ...stored, ...patch.options }), stored, strategy);
            changes.options = JSON.stringify(options);
            await replaceDomains(trx, id, options.domain_aliases);
          }
          await updateConnection(trx, id, changes);
        }
        // Option names only: their values may be secrets.
        const options = patch.options === undefined ? {} : { options: changedFields(patch.options) };
        await events.record(trx, actor, {
          type: 'identity_provider_updated',
          ...subject(org, row),
          details: { changed: changedFields(patch), ...options, access_level: level },
        });
        const fresh = await visible(trx, actor, organizationId, id);
        return toIdentityProvider(fresh.link, fresh.row);
      });
    },

    /**
     * A new connection owned by the organization and enabled in it with access level `full`. The
     * organization connection name is the admin's `name`; the tenant-wide connection name is
     * prefixed with the organization's so that two organizations may use the same one.
     */
    async create(actor: Actor, organizationId: string, input: IdentityProviderInput): Promise<IdentityProvider> {
      assertActsIn(actor, organizationId);
      return db.transaction().execute(async (trx) => {
        // Locked first, so two concurrent creates cannot both pass the limit check.
        const org = await lockOrganizationRow(trx, organizationId);
        if (!org) fail('inexistent_organization', 'No organization found by that id or name');
        assertMayCreate(await readConnectionProfile(trx), input);
        if ((await countOrganizationConnections(trx, organizationId)) >= limits.organizationConnections) {
          fail('too_many_entities', `An organization can have at most ${limits.organizationConnections} enabled connections.`);
        }
        const options = normalizeOptions(input.strategy, input.options);
        const now = iso(clock.now());
        const row: ConnectionRow = {
          id: prefixedId('con'),
          name: `${org.name.replaceAll('_', '-')}-${input.name}`.slice(0, 128),
          display_name: input.display_name ?? null,
          strategy: input.strategy,
          options: JSON.stringify(options),
          metadata: '{}',
          organization_id: organizationId,
          is_domain_connection: 0,
          created_at: now,
          updated_at: now,
        };
        await insertConnection(trx, row).catch((error: unknown) => {
          if (isUniqueViolation(error)) fail('connection_conflict', 'An identity provider with the same name already exists');
          throw error;
        });
        await enableForEveryClient(trx, row.id);
        await insertOrganizationConnection(trx, {
          organization_id: organizationId,
          connection_id: row.id,
          is_enabled: int(input.is_enabled ?? true),
          assign_membership_on_login: int(input.assign_membership_on_login ?? false),
          is_signup_enabled: 0,
          show_as_button: int(input.show_as_button ?? true),
          organization_access_level: 'full',
          organization_connection_name: input.name,
          created_at: now,
        });
        await events.record(trx, actor, {
          type: 'identity_provider_created',
          ...subject(org, row),
          details: { name: input.name, options: changedFields(input.options) },
        });
        const created = await visible(trx, actor, organizationId, row.id);
        return toIdentityProvider(created.link, created.row);
      });
    },

    /**
     * Deletes a connection the organization owns. As /config says (`allow_if_empty`), only once no
     * user signs in with it: people keep their login until the tenant moves them.
     */
    async remove(actor: Actor, organizationId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const org = await organization(trx, organizationId);
        const { link, row } = await visible(trx, actor, organizationId, id);
        assertFull(link.organization_access_level as AccessLevel, 'Deleting');
        if (row.organization_id !== organizationId) {
          fail(
            'insufficient_access_level',
            'identity_provider: the connection belongs to the tenant; detach it from the organization instead',
          );
        }
        const user = await trx.selectFrom('identities').select('user_id').where('connection_id', '=', id).executeTakeFirst();
        if (user) fail('operation_not_supported', 'The identity provider still has users; it can be deleted once it has none.');
        if (!(await deleteConnection(trx, id))) fail('inexistent_connection', NOT_FOUND);
        await revokeConnectionAccess(trx, id);
        await events.record(trx, actor, { type: 'identity_provider_deleted', ...subject(org, row) });
      });
    },

    /** Removes the connection from the organization; the connection itself stays. */
    async detach(actor: Actor, organizationId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const org = await organization(trx, organizationId);
        const { link, row } = await visible(trx, actor, organizationId, id);
        assertFull(link.organization_access_level as AccessLevel, 'Detaching');
        if (!(await deleteOrganizationConnection(trx, organizationId, id))) fail('inexistent_connection', NOT_FOUND);
        await revokeOrganizationAccess(trx, { organizationId, connectionId: id });
        await events.record(trx, actor, { type: 'identity_provider_detached', ...subject(org, row) });
      });
    },
  };
}

export type IdentityProvidersService = ReturnType<typeof createIdentityProvidersService>;
