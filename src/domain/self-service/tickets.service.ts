import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId } from '../shared/ids.js';
import { isEnterprise } from '../connections/connections.types.js';
import { findConnectionRow } from '../connections/connections.queries.js';
import type { ConnectionsService } from '../connections/connections.service.js';
import { findClientRow } from '../clients/clients.queries.js';
import { findOrganizationRow } from '../organizations/organizations.queries.js';
import { findProfileRow, findTicketBySecret, insertTicket, toProfile, updateTicket } from './self-service.queries.js';
import { newSecret, secretHash } from './secrets.js';
import { STRATEGY_OF, type TicketInput } from './self-service.types.js';

/** Auth0's default lifetime of a ticket, and Gatehouse's longest: five days. */
export const DEFAULT_TICKET_TTL_SECONDS = 432_000;

export interface TicketsDeps extends ServiceDeps {
  connections: ConnectionsService;
}

/** The path of the hosted wizard a ticket opens, below the issuer. */
export const WIZARD_PATH = '/self-service/connections-flow';

/**
 * SSO tickets (Auth0's): a one-time link to the hosted setup wizard for one customer, with what the
 * wizard may set up (a new connection or an existing one) and for whom (applications,
 * organizations, domain verification). The link's `ticket` is its id for revocation too, as in
 * Auth0; only its hash is stored.
 */
export function createSsoTicketsService({ db, clock, events, issuer, connections }: TicketsDeps) {
  /** Every reference in the request must exist and fit the profile; the field that does not is named. */
  async function check(profileStrategies: string[], input: TicketInput): Promise<void> {
    if ((input.connection_id === undefined) === (input.connection_config === undefined)) {
      invalidInput('connection_config', 'Exactly one of connection_id and connection_config is required');
    }
    const allowed = new Set(profileStrategies.map((s) => STRATEGY_OF[s as keyof typeof STRATEGY_OF]));
    if (input.connection_id !== undefined) {
      const row = await findConnectionRow(db, input.connection_id);
      if (!row) invalidInput('connection_id', 'No connection found by that id', { value: input.connection_id });
      if (!isEnterprise(row.strategy) || !allowed.has(row.strategy as never)) {
        invalidInput('connection_id', `The connection's strategy ${row.strategy} is not one the profile allows`);
      }
    }
    if (input.connection_config) {
      const taken = await connections.list({ name: input.connection_config.name }, { kind: 'checkpoint', from: undefined, take: 1 });
      if (taken.items.length > 0) fail('connection_conflict', 'A connection with the same name already exists');
    }
    for (const clientId of input.enabled_clients ?? []) {
      if (!(await findClientRow(db, clientId))) invalidInput('enabled_clients', 'No client found by that id', { value: clientId });
    }
    const organizations = (input.enabled_organizations ?? []).map((o) => o.organization_id);
    if (new Set(organizations).size !== organizations.length) {
      invalidInput('enabled_organizations', 'Each organization_id may appear only once');
    }
    for (const organizationId of organizations) {
      if (!(await findOrganizationRow(db, organizationId))) {
        invalidInput('enabled_organizations.organization_id', 'No organization found by that id', { value: organizationId });
      }
    }
    const verification = input.domain_aliases_config?.domain_verification ?? 'none';
    // Gatehouse verifies a domain for an organization: there must be one to verify it for.
    if (verification !== 'none' && organizations.length === 0) {
      invalidInput('domain_aliases_config.domain_verification', 'Domain verification needs an organization in enabled_organizations');
    }
  }

  return {
    async create(actor: Actor, profileId: string, input: TicketInput): Promise<{ ticket: string }> {
      const profileRow = await findProfileRow(db, profileId);
      if (!profileRow) fail('inexistent_self_service_profile', 'No self-service profile found by that id');
      const profile = toProfile(profileRow);
      await check(profile.allowed_strategies, input);
      const secret = newSecret();
      const now = clock.now();
      const ttl = input.ttl_sec || DEFAULT_TICKET_TTL_SECONDS;
      const expiresAt = iso(new Date(now.getTime() + ttl * 1000));
      const row = {
        id: prefixedId('sst', 22),
        profile_id: profileId,
        secret_hash: secretHash(secret),
        session_hash: null,
        config: JSON.stringify({ ...input, ttl_sec: ttl }),
        state: JSON.stringify(input.connection_id ? { connectionId: input.connection_id } : {}),
        issued_by: JSON.stringify({ type: actor.type, id: actor.id }),
        expires_at: expiresAt,
        opened_at: null,
        completed_at: null,
        revoked_at: null,
        created_at: iso(now),
      };
      await db.transaction().execute(async (trx) => {
        await insertTicket(trx, row);
        await events.record(trx, actor, {
          type: 'sso_ticket_created',
          connectionId: input.connection_id ?? null,
          connection: input.connection_config?.name ?? null,
          details: {
            ticket_id: row.id,
            self_service_profile: { id: profile.id, name: profile.name },
            enabled_organizations: (input.enabled_organizations ?? []).map((o) => o.organization_id),
            domain_verification: input.domain_aliases_config?.domain_verification ?? 'none',
            expires_at: expiresAt,
          },
        });
      });
      return { ticket: `${issuer}${WIZARD_PATH}?ticket=${secret}` };
    },

    /**
     * Ends a ticket and any wizard session opened with it. As in Auth0 an unknown ticket is no error
     * (the caller learns nothing), and neither is one already revoked; a ticket of another profile
     * is unknown here.
     */
    async revoke(actor: Actor, profileId: string, ticket: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const row = await findTicketBySecret(trx, profileId, secretHash(ticket));
        if (!row || row.revoked_at !== null) return;
        await updateTicket(trx, row.id, { revoked_at: iso(clock.now()), session_hash: null });
        await events.record(trx, actor, {
          type: 'sso_ticket_revoked',
          details: { ticket_id: row.id, self_service_profile: { id: profileId } },
        });
      });
    },
  };
}

export type SsoTicketsService = ReturnType<typeof createSsoTicketsService>;
