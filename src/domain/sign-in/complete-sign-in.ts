import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { DomainError } from '../errors.js';
import { type Clock, iso } from '../shared/clock.js';
import type { TicketInvitation } from '../invitations/invitations.types.js';
import { admitToOrganization, type Admission } from './organization-admission.js';
import type { LoginConnection } from './login-connections.js';
import type { SignInAttempt, SignInEvents, SignInSubject } from './sign-in-events.js';

type Trx = Kysely<Database>;

/** A login counts on the user (Auth0's `last_login` and `logins_count`) once it is complete. */
export async function countLogin(trx: Trx, clock: Clock, userId: string): Promise<void> {
  const now = iso(clock.now());
  await trx
    .updateTable('users')
    .set((eb) => ({ last_login: now, logins_count: eb('logins_count', '+', 1), updated_at: now }))
    .where('id', '=', userId)
    .execute();
}

/** The invitee joins with the invitation's roles; the invitation is used up (of two concurrent uses, one wins). */
async function acceptInvitation(trx: Trx, clock: Clock, input: { userId: string; organizationId: string; invitation: TicketInvitation }) {
  const inv = input.invitation;
  const user = await trx.selectFrom('users').select('email_normalized').where('id', '=', input.userId).executeTakeFirstOrThrow();
  if (user.email_normalized !== inv.invitee.email.toLowerCase()) {
    throw new DomainError('invitation_invalid', `This invitation was sent to ${inv.invitee.email}. Sign in with that address.`);
  }
  const accepted = await trx
    .updateTable('invitations')
    .set({ accepted_at: iso(clock.now()) })
    .where('id', '=', inv.id)
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  if (accepted.numUpdatedRows === 0n) throw new DomainError('invitation_invalid', 'This invitation has already been used.');
  await trx
    .insertInto('organization_members')
    .values({ organization_id: input.organizationId, user_id: input.userId, created_at: iso(clock.now()) })
    .onConflict((oc) => oc.doNothing())
    .execute();
  for (const role_id of inv.roles) {
    await trx
      .insertInto('organization_member_roles')
      .values({ organization_id: input.organizationId, user_id: input.userId, role_id })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export interface Completion {
  userId: string;
  /** The connection the user proved who they are with, when known. */
  connection?: Pick<LoginConnection, 'id' | 'name' | 'strategy' | 'assignMembershipOnLogin'>;
  organizationId?: string;
  /** Apply the organization's membership rules (or the invitation) now; false when the login step already did. */
  admit: boolean;
  invitation?: TicketInvitation;
  /** A new authentication (password, sign-up, an IdP), counted on the user; false for an existing session. */
  newLogin: boolean;
  /** How the user authenticated (the session's amr), for the event. */
  amr?: string[];
}

/**
 * The end of a sign-in, in one transaction: the organization admits the user (a membership added, or
 * the invitation accepted with its roles), the login is counted, and its events are recorded —
 * `s`, with `organization_member_added` (details.reason: how they were admitted) and
 * `organization_invitation_accepted` when those happened. A refusal (not_a_member,
 * invitation_invalid) changes nothing and is recorded as `f`.
 */
export async function completeSignIn(
  deps: { db: Kysely<Database>; clock: Clock; signInEvents: SignInEvents },
  attempt: SignInAttempt,
  input: Completion,
): Promise<Admission | 'invitation' | undefined> {
  const { db, clock, signInEvents } = deps;
  const subject: SignInSubject & { userId: string } = {
    userId: input.userId,
    connection: input.connection,
    organizationId: input.organizationId,
  };
  try {
    return await db.transaction().execute(async (trx) => {
      const user = await trx.selectFrom('users').select('email').where('id', '=', input.userId).executeTakeFirst();
      subject.email = user?.email ?? undefined;
      let admission: Admission | 'invitation' | undefined;
      if (input.admit && input.organizationId) {
        const { organizationId, invitation } = input;
        if (invitation) {
          await acceptInvitation(trx, clock, { userId: input.userId, organizationId, invitation });
          admission = 'invitation';
          await signInEvents.succeeded(trx, attempt, 'organization_invitation_accepted', subject, {
            invitation_id: invitation.id,
            roles: invitation.roles,
          });
        } else {
          admission = await admitToOrganization(trx, clock, { organizationId, userId: input.userId, connection: input.connection });
        }
        if (admission !== 'member') await signInEvents.succeeded(trx, attempt, 'organization_member_added', subject, { reason: admission });
      }
      if (input.newLogin) await countLogin(trx, clock, input.userId);
      await signInEvents.succeeded(trx, attempt, 's', subject, {
        ...(input.amr ? { amr: input.amr } : {}),
        ...(input.newLogin ? {} : { sso: true }),
      });
      return admission;
    });
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'not_a_member' || error.code === 'invitation_invalid'))
      await signInEvents.failed(db, attempt, 'f', subject, error);
    throw error;
  }
}
