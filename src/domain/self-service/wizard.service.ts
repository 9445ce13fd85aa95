import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { DomainError, fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import type { Connection } from '../connections/connections.types.js';
import { isSecretKey } from '../connections/connections.options.js';
import { MY_ORG_OPTIONS } from '../identity-providers/connection-profile.js';
import type { ConnectionsService } from '../connections/connections.service.js';
import type { OrganizationConnectionsService } from '../organization-connections/organization-connections.service.js';
import type { OrganizationDomainsService } from '../organization-domains/organization-domains.service.js';
import type { OrganizationDomain } from '../organization-domains/organization-domains.types.js';
import {
  findProfileRow,
  findTicketById,
  findTicketBySession,
  openTicket,
  toProfile,
  toWizard,
  updateTicket,
} from './self-service.queries.js';
import { newSecret, secretHash } from './secrets.js';
import { STRATEGY_OF, type SelfServiceStrategy, type Wizard, type WizardState } from './self-service.types.js';
import type { SsoTicketRow } from '../../db/schema/self-service.table.js';

export interface WizardDeps extends ServiceDeps {
  connections: ConnectionsService;
  organizationConnections: OrganizationConnectionsService;
  organizationDomains: OrganizationDomainsService;
}

/** Where the request came from, for the events the wizard's changes record. */
export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

const INVALID = 'This setup link is not valid any more: it expired, was revoked, was already used, or never existed.';

/** SAML kinds take their IdP's metadata (XML or URL) or its sign-in URL and certificate. */
function assertSamlSettings(options: Record<string, unknown>): void {
  if (options.metadataXml || options.metadataUrl) return;
  if (!options.signInEndpoint) invalidInput('options.signInEndpoint', 'Give the metadata XML or URL, or the sign-in URL and certificate');
  if (!options.signingCert) invalidInput('options.signingCert', 'Give the signing certificate with the sign-in URL');
}

/**
 * The hosted self-service SSO wizard, free of HTTP: a ticket opened once becomes a wizard session;
 * the IT admin picks an IdP kind, configures the connection, tests it with a real sign-in, proves
 * their domains and finishes — and then the connection is live for the ticket's organizations. Every
 * change goes through the connections, organization connections and organization domains services,
 * with the ticket as the actor.
 */
export function createSelfServiceWizard({ db, clock, events, connections, organizationConnections, organizationDomains }: WizardDeps) {
  function actor(wizard: Pick<Wizard, 'ticketId' | 'profile'>, meta: RequestMeta): Actor {
    return {
      type: 'sso_ticket',
      id: wizard.ticketId,
      name: wizard.profile.name,
      api: 'self_service',
      ...(meta.ip ? { ip: meta.ip } : {}),
      ...(meta.userAgent ? { userAgent: meta.userAgent } : {}),
    };
  }

  async function wizardOf(row: SsoTicketRow | undefined, executor: Kysely<Database> = db): Promise<Wizard> {
    const now = iso(clock.now());
    if (!row || row.revoked_at !== null || row.completed_at !== null || row.expires_at <= now) fail('sso_ticket_invalid', INVALID);
    const profile = await findProfileRow(executor, row.profile_id);
    if (!profile) fail('sso_ticket_invalid', INVALID);
    return toWizard(row, toProfile(profile));
  }

  async function saveState(wizard: Wizard, state: WizardState): Promise<Wizard> {
    await updateTicket(db, wizard.ticketId, { state: JSON.stringify(state) });
    return { ...wizard, state };
  }

  async function record(
    executor: Kysely<Database>,
    wizard: Wizard,
    meta: RequestMeta,
    type: 'sso_ticket_opened' | 'sso_ticket_tested' | 'sso_ticket_completed',
    details = {},
  ) {
    await events.record(executor, actor(wizard, meta), {
      type,
      connectionId: wizard.state.connectionId ?? null,
      details: { ticket_id: wizard.ticketId, self_service_profile: { id: wizard.profile.id, name: wizard.profile.name }, ...details },
    });
  }

  function connectionOf(wizard: Wizard): Promise<Connection> {
    if (!wizard.state.connectionId) fail('invalid_request', 'Configure the identity provider first.');
    return connections.get(wizard.state.connectionId);
  }

  async function domains(wizard: Wizard): Promise<OrganizationDomain[]> {
    const out: OrganizationDomain[] = [];
    for (const d of wizard.state.domains ?? []) {
      const found = await organizationDomains.get(d.organizationId, d.id).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'inexistent_domain') return undefined;
        throw error;
      });
      if (found) out.push(found);
    }
    return out;
  }

  return {
    actor,
    domains,
    connection: connectionOf,

    /** Opens the ticket's wizard, once: the returned session secret is what the browser keeps. */
    async open(ticket: string, meta: RequestMeta): Promise<{ session: string; wizard: Wizard }> {
      const session = newSecret();
      return db.transaction().execute(async (trx) => {
        const row = await openTicket(trx, secretHash(ticket), secretHash(session), iso(clock.now()));
        const wizard = await wizardOf(row, trx);
        await record(trx, wizard, meta, 'sso_ticket_opened');
        return { session, wizard };
      });
    },

    /** The wizard of a session, while its ticket is valid. */
    async resume(session: string): Promise<Wizard> {
      return wizardOf(await findTicketBySession(db, secretHash(session)));
    },

    /** The wizard awaiting a test sign-in's answer (an IdP's POST carries no cookie). */
    async awaitingTest(ticketId: string): Promise<Wizard> {
      const wizard = await wizardOf(await findTicketById(db, ticketId));
      if (!wizard.state.pendingTest) fail('sso_ticket_invalid', 'No test sign-in is under way for this setup.');
      return wizard;
    },

    /**
     * Picks the IdP kind and makes the ticket's connection for it at once, enabled for no
     * application or organization until the wizard finishes: the values to paste into the IdP (the
     * ACS URL names the connection) exist before the IdP's own settings do. A kind of another
     * strategy replaces the connection the wizard made; an existing connection keeps its strategy.
     */
    async choose(wizard: Wizard, kind: SelfServiceStrategy, meta: RequestMeta): Promise<Wizard> {
      if (!wizard.profile.allowed_strategies.includes(kind)) invalidInput('strategy', 'Choose one of the identity providers offered');
      const strategy = STRATEGY_OF[kind];
      const who = actor(wizard, meta);
      let connectionId = wizard.state.connectionId;
      if (connectionId) {
        const current = await connections.get(connectionId);
        if (current.strategy === strategy) return saveState(wizard, { ...wizard.state, kind });
        if (wizard.config.connection_id) invalidInput('strategy', `This setup is for a ${current.strategy} connection`);
        await connections.remove(who, connectionId);
      }
      const config = wizard.config.connection_config!;
      const created = await connections.create(who, {
        name: config.name,
        display_name: config.display_name,
        strategy,
        options: { domain_aliases: config.options?.domain_aliases ?? [] },
        metadata: config.metadata,
        is_domain_connection: config.is_domain_connection,
        enabled_clients: [],
      });
      connectionId = created.id;
      return saveState(wizard, { kind, connectionId, domains: wizard.state.domains });
    },

    /** Stores the IT admin's IdP settings on the connection. A new configuration needs a new test. */
    async configure(wizard: Wizard, idpOptions: Record<string, unknown>, meta: RequestMeta): Promise<Wizard> {
      if (!wizard.state.kind || !wizard.state.connectionId) fail('invalid_request', 'Choose an identity provider first.');
      if (STRATEGY_OF[wizard.state.kind] === 'samlp') assertSamlSettings(idpOptions);
      const current = await connections.get(wizard.state.connectionId);
      // The IdP settings are replaced as a whole (a metadata URL given after pasted XML must win);
      // a secret left out is kept by the update, the tenant's other options stay.
      const idpKeys = new Set(MY_ORG_OPTIONS[current.strategy] ?? []);
      const kept = Object.fromEntries(Object.entries(current.options).filter(([key]) => !idpKeys.has(key) || isSecretKey(key)));
      await connections.update(actor(wizard, meta), current.id, { options: { ...kept, ...idpOptions } });
      return saveState(wizard, { ...wizard.state, configured: true, test: undefined, pendingTest: undefined });
    },

    async startTest(wizard: Wizard, pending: NonNullable<WizardState['pendingTest']>): Promise<Wizard> {
      return saveState(wizard, { ...wizard.state, pendingTest: pending });
    },

    /** Keeps the test sign-in's outcome and what the IdP sent; the pending round trip is spent. */
    async recordTest(
      wizard: Wizard,
      outcome: { ok: true; claims: Record<string, unknown> } | { ok: false; error: string },
      meta: RequestMeta,
    ): Promise<Wizard> {
      const state = { ...wizard.state, pendingTest: undefined, test: { ...outcome, at: iso(clock.now()) } };
      await db.transaction().execute(async (trx) => {
        await updateTicket(trx, wizard.ticketId, { state: JSON.stringify(state) });
        // The claims are the IdP's: only whether it worked is recorded, and the error's text.
        await record(trx, { ...wizard, state }, meta, 'sso_ticket_tested', outcome.ok ? { ok: true } : { ok: false, error: outcome.error });
      });
      return { ...wizard, state };
    },

    /** Adds a domain to the first organization of the ticket, pending its DNS proof. */
    async addDomain(wizard: Wizard, domain: string, meta: RequestMeta): Promise<Wizard> {
      const organizationId = wizard.config.enabled_organizations?.[0]?.organization_id;
      if (!organizationId || (wizard.config.domain_aliases_config?.domain_verification ?? 'none') === 'none') {
        fail('invalid_request', 'This setup verifies no domains.');
      }
      const added = await organizationDomains.create(actor(wizard, meta), organizationId, { domain });
      const list = [...(wizard.state.domains ?? []), { id: added.id, organizationId, domain: added.domain }];
      return saveState(wizard, { ...wizard.state, domains: list });
    },

    async verifyDomain(wizard: Wizard, id: string, meta: RequestMeta): Promise<OrganizationDomain> {
      const entry = (wizard.state.domains ?? []).find((d) => d.id === id);
      if (!entry) fail('inexistent_domain', 'No domain found by that id in this setup');
      return organizationDomains.verify(actor(wizard, meta), entry.organizationId, id);
    },

    /**
     * Puts the connection live: enabled for the ticket's applications, with its verified domains for
     * home realm discovery, and for each of the ticket's organizations with the ticket's settings.
     * Each step is one service call in its own transaction; a finish that fails part-way can be run
     * again (an organization already enabled is updated), and the ticket is spent only at the end.
     */
    async finish(wizard: Wizard, meta: RequestMeta): Promise<Connection> {
      if (!wizard.state.test?.ok) fail('invalid_request', 'Test the connection with a sign-in before finishing.');
      const verification = wizard.config.domain_aliases_config?.domain_verification ?? 'none';
      const verified = (await domains(wizard)).filter((d) => d.status === 'verified').map((d) => d.domain);
      if (verification === 'required' && verified.length === 0) fail('invalid_request', 'Verify at least one domain before finishing.');
      const who = actor(wizard, meta);
      const connection = await connectionOf(wizard);
      const aliases = [...new Set([...connection.options.domain_aliases, ...verified])];
      const clients = [...new Set([...connection.enabled_clients, ...(wizard.config.enabled_clients ?? [])])];
      await connections.update(who, connection.id, {
        options: { ...connection.options, domain_aliases: aliases },
        enabled_clients: clients,
      });
      for (const org of wizard.config.enabled_organizations ?? []) {
        const settings = {
          assign_membership_on_login: org.assign_membership_on_login ?? false,
          show_as_button: org.show_as_button ?? wizard.config.connection_config?.show_as_button ?? true,
          is_enabled: true,
        };
        await organizationConnections
          .enable(who, org.organization_id, { connection_id: connection.id, ...settings })
          .catch((error: unknown) => {
            if (error instanceof DomainError && error.code === 'organization_connection_conflict') {
              return organizationConnections.update(who, org.organization_id, connection.id, settings);
            }
            throw error;
          });
      }
      await db.transaction().execute(async (trx) => {
        await updateTicket(trx, wizard.ticketId, { completed_at: iso(clock.now()), session_hash: null });
        await record(trx, wizard, meta, 'sso_ticket_completed', { domains: verified });
      });
      return connections.get(connection.id);
    },
  };
}

export type SelfServiceWizard = ReturnType<typeof createSelfServiceWizard>;
