import { isUniqueViolation } from '../../db/errors.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { OrganizationRow } from '../../db/schema/organizations.table.js';
import type { ServiceDeps } from '../services.js';
import type { Actor } from '../events/actor.js';
import { findClientRow } from '../clients/clients.queries.js';
import { findConnectionRow } from '../connections/connections.queries.js';
import { findOrganizationRow } from '../organizations/organizations.queries.js';
import { fail, invalidInput } from '../errors.js';
import { iso } from '../shared/clock.js';
import { prefixedId, randomString } from '../shared/ids.js';
import { type CheckpointPage, type OffsetPage, type PageResult, decodeCheckpoint, encodeCheckpoint } from '../shared/pagination.js';
import { assertRolesExist } from '../roles/roles.queries.js';
import { deleteInvitation, insertInvitation, invitationsQuery, toInvitation } from './invitations.queries.js';
import type { Invitation, InvitationInput, InviteMembersInput, TicketInvitation } from './invitations.types.js';
import { assertActsIn, assertMayGrant } from '../memberships/organization-admins.js';

/** Auth0's default invitation lifetime: 7 days. */
export const DEFAULT_INVITATION_TTL = 604800;
const NOT_FOUND = 'The invitation does not exist';

/** Organization invitations: create, read, list, delete, and lookup by ticket for sign-in. */
/** What an event says about an invitation: who is invited, to what; never its ticket or link. */
function invitationDetails(invitation: TicketInvitation) {
  return {
    invitation: {
      id: invitation.id,
      invitee: invitation.invitee.email,
      inviter: invitation.inviter.name,
      client_id: invitation.client_id,
      ...(invitation.connection_id !== undefined ? { connection_id: invitation.connection_id } : {}),
      roles: invitation.roles,
      expires_at: invitation.expires_at,
    },
  };
}

/** An invitee's invitations to the organization that could still be accepted. */
function openInvitations(trx: Kysely<Database>, organizationId: string, email: string, now: string) {
  return invitationsQuery(trx)
    .where('i.organization_id', '=', organizationId)
    .where((eb) => eb(eb.fn('lower', ['i.invitee_email']), '=', email.toLowerCase()))
    .where('i.accepted_at', 'is', null)
    .where('i.expires_at', '>', now)
    .execute();
}

/** A connection an invitation names must be one the organization's members can sign in with. */
async function assertEnabledIn(trx: Kysely<Database>, organizationId: string, connectionId: string): Promise<void> {
  const row = await trx
    .selectFrom('organization_connections')
    .select('connection_id')
    .where('organization_id', '=', organizationId)
    .where('connection_id', '=', connectionId)
    .where('is_enabled', '=', 1)
    .executeTakeFirst();
  if (!row) invalidInput('connection_id', `Connection ${connectionId} is not enabled for the organization`, { value: connectionId });
}

export function createInvitationsService({ db, clock, issuer, events }: ServiceDeps) {
  /** Drops the sign-in-only field so the Management API shape stays Auth0's. */
  function publicShape({ accepted_at: _accepted, ...invitation }: TicketInvitation): Invitation {
    return invitation;
  }

  async function get(organizationId: string, id: string): Promise<Invitation> {
    const row = await invitationsQuery(db).where('i.organization_id', '=', organizationId).where('i.id', '=', id).executeTakeFirst();
    if (!row) fail('inexistent_invitation', NOT_FOUND);
    return publicShape(toInvitation(row, issuer));
  }

  async function assertOrganizationExists(trx: Kysely<Database>, id: string): Promise<OrganizationRow> {
    const row = await findOrganizationRow(trx, id);
    if (!row) fail('inexistent_organization', 'No organization found by that id or name');
    return row;
  }

  /** Every id the invitation refers to must exist; a 400 names the first that does not. */
  async function assertReferences(input: InvitationInput): Promise<void> {
    const client = await findClientRow(db, input.client_id);
    if (!client) invalidInput('client_id', `Client ${input.client_id} does not exist`, { value: input.client_id });
    if (input.connection_id !== undefined) {
      const connection = await findConnectionRow(db, input.connection_id);
      if (!connection) invalidInput('connection_id', `Connection ${input.connection_id} does not exist`, { value: input.connection_id });
    }
    await assertRolesExist(db, input.roles ?? [], 'roles');
  }

  return {
    get,

    async create(actor: Actor, organizationId: string, input: InvitationInput): Promise<Invitation> {
      assertActsIn(actor, organizationId);
      const org = await assertOrganizationExists(db, organizationId);
      await assertReferences(input);
      const now = clock.now();
      const ttl = input.ttl_sec || DEFAULT_INVITATION_TTL;
      const base = {
        organization_id: organizationId,
        inviter_name: input.inviter.name,
        invitee_email: input.invitee.email,
        client_id: input.client_id,
        connection_id: input.connection_id ?? null,
        roles: JSON.stringify([...new Set(input.roles ?? [])]),
        app_metadata: JSON.stringify(input.app_metadata ?? {}),
        user_metadata: JSON.stringify(input.user_metadata ?? {}),
        created_at: iso(now),
        expires_at: iso(new Date(now.getTime() + ttl * 1000)),
        accepted_at: null,
      };
      // A ticket is 32 random alphanumerics (~190 bits): a collision is astronomically unlikely, but
      // the unique index would turn one into a 500, so draw again (in a new transaction: PostgreSQL
      // aborts the one whose insert failed).
      for (let attempt = 0; ; attempt += 1) {
        const id = prefixedId('uinv');
        try {
          return await db.transaction().execute(async (trx) => {
            await insertInvitation(trx, { ...base, id, ticket_id: randomString(32) });
            const row = await invitationsQuery(trx).where('i.id', '=', id).executeTakeFirstOrThrow();
            const invitation = toInvitation(row, issuer);
            await events.record(trx, actor, {
              type: 'organization_invitation_created',
              organizationId,
              organizationName: org.name,
              details: invitationDetails(invitation),
            });
            return publicShape(invitation);
          });
        } catch (error) {
          if (!isUniqueViolation(error) || attempt >= 2) throw error;
        }
      }
    },

    /**
     * Invites several people at once, all or none. Each invitee's open invitations to the
     * organization (not accepted, not expired) are revoked first: only the newest link works. The
     * connection, when named, must be enabled in the organization.
     */
    async inviteMembers(actor: Actor, organizationId: string, input: InviteMembersInput): Promise<Invitation[]> {
      assertActsIn(actor, organizationId);
      const emails = input.invitees.map((i) => i.email.toLowerCase());
      const repeated = emails.find((email, index) => emails.indexOf(email) !== index);
      if (repeated !== undefined) invalidInput('invitees', `Invitee ${repeated} is listed more than once`, { value: repeated });
      return db.transaction().execute(async (trx) => {
        const org = await assertOrganizationExists(trx, organizationId);
        const client = await findClientRow(trx, input.client_id);
        if (!client) invalidInput('client_id', `Client ${input.client_id} does not exist`, { value: input.client_id });
        if (input.connection_id !== undefined) await assertEnabledIn(trx, organizationId, input.connection_id);
        for (const [index, invitee] of input.invitees.entries()) {
          await assertRolesExist(trx, invitee.roles ?? [], `invitees.${index}.roles`);
          await assertMayGrant(trx, issuer, actor, organizationId, invitee.roles ?? []);
        }
        const now = clock.now();
        const ttl = input.ttl_sec || DEFAULT_INVITATION_TTL;
        const created: Invitation[] = [];
        for (const invitee of input.invitees) {
          for (const open of await openInvitations(trx, organizationId, invitee.email, iso(now))) {
            await deleteInvitation(trx, organizationId, open.id);
            await events.record(trx, actor, {
              type: 'organization_invitation_deleted',
              organizationId,
              organizationName: org.name,
              details: { ...invitationDetails(toInvitation(open, issuer)), reason: 'superseded' },
            });
          }
          const id = prefixedId('uinv');
          await insertInvitation(trx, {
            id,
            ticket_id: randomString(32),
            organization_id: organizationId,
            inviter_name: input.inviter.name,
            invitee_email: invitee.email,
            client_id: input.client_id,
            connection_id: input.connection_id ?? null,
            roles: JSON.stringify([...new Set(invitee.roles ?? [])]),
            app_metadata: '{}',
            user_metadata: '{}',
            created_at: iso(now),
            expires_at: iso(new Date(now.getTime() + ttl * 1000)),
            accepted_at: null,
          });
          const invitation = toInvitation(await invitationsQuery(trx).where('i.id', '=', id).executeTakeFirstOrThrow(), issuer);
          await events.record(trx, actor, {
            type: 'organization_invitation_created',
            organizationId,
            organizationName: org.name,
            details: invitationDetails(invitation),
          });
          created.push(publicShape(invitation));
        }
        return created;
      });
    },

    /**
     * An organization's invitations, newest first, checkpoint-paged on (created_at, id): a page
     * costs the same however deep it is, and invitations made meanwhile never shift the next page.
     */
    async pageNewestFirst(organizationId: string, page: CheckpointPage): Promise<PageResult<Invitation>> {
      await assertOrganizationExists(db, organizationId);
      let query = invitationsQuery(db)
        .where('i.organization_id', '=', organizationId)
        .orderBy('i.created_at', 'desc')
        .orderBy('i.id', 'desc')
        .limit(page.take + 1);
      if (page.from) {
        const [createdAt, id] = decodeCheckpoint(page.from, 2);
        query = query.where((eb) =>
          eb.or([eb('i.created_at', '<', createdAt), eb.and([eb('i.created_at', '=', createdAt), eb('i.id', '<', id)])]),
        );
      }
      const rows = await query.execute();
      const items = rows.slice(0, page.take).map((row) => publicShape(toInvitation(row, issuer)));
      if (rows.length <= page.take) return { items };
      const last = rows[page.take - 1];
      return { items, next: encodeCheckpoint([last.created_at, last.id]) };
    },

    /** Lists an organization's invitations, newest first unless `ascending`. */
    async list(organizationId: string, page: OffsetPage, ascending = false): Promise<PageResult<Invitation>> {
      await assertOrganizationExists(db, organizationId);
      const direction = ascending ? 'asc' : 'desc';
      const rows = await invitationsQuery(db)
        .where('i.organization_id', '=', organizationId)
        .orderBy('i.created_at', direction)
        .orderBy('i.id', direction)
        .limit(page.perPage)
        .offset(page.page * page.perPage)
        .execute();
      const result: PageResult<Invitation> = { items: rows.map((row) => publicShape(toInvitation(row, issuer))) };
      if (page.includeTotals) {
        const { count } = await db
          .selectFrom('invitations')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('organization_id', '=', organizationId)
          .executeTakeFirstOrThrow();
        result.total = Number(count);
      }
      return result;
    },

    async remove(actor: Actor, organizationId: string, id: string): Promise<void> {
      assertActsIn(actor, organizationId);
      await db.transaction().execute(async (trx) => {
        const org = await assertOrganizationExists(trx, organizationId);
        const row = await invitationsQuery(trx).where('i.organization_id', '=', organizationId).where('i.id', '=', id).executeTakeFirst();
        if (!row || !(await deleteInvitation(trx, organizationId, id))) fail('inexistent_invitation', NOT_FOUND);
        await events.record(trx, actor, {
          type: 'organization_invitation_deleted',
          organizationId,
          organizationName: org.name,
          details: invitationDetails(toInvitation(row, issuer)),
        });
      });
    },

    /** The invitation a login link carries, or undefined. The caller checks expiry and `accepted_at`. */
    async findByTicket(ticket: string): Promise<TicketInvitation | undefined> {
      const row = await invitationsQuery(db).where('i.ticket_id', '=', ticket).executeTakeFirst();
      return row && toInvitation(row, issuer);
    },

    /**
     * Records that the invitee used the invitation. False when it was already used: only one of two
     * concurrent sign-ins with the same ticket wins.
     */
    async markAccepted(id: string): Promise<boolean> {
      const result = await db
        .updateTable('invitations')
        .set({ accepted_at: iso(clock.now()) })
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
