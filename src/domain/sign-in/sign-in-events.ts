import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Actor } from '../events/actor.js';
import type { EventType } from '../events/event-types.js';
import type { EventsService } from '../events/events.service.js';
import type { DomainError } from '../errors.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Where a sign-in attempt comes from, as its request tells: address, user agent, application. */
export interface SignInAttempt {
  ip: string;
  userAgent?: string;
  client?: { client_id: string; name: string };
}

/**
 * What a sign-in outcome is about, as far as it is known. A connection given by id alone is looked
 * up; so is the name of the organization.
 */
export interface SignInSubject {
  userId?: string;
  /** The email the person signed in, or tried to sign in, with (Auth0's `user_name`). */
  email?: string;
  connection?: { id: string; name?: string; strategy?: string };
  organizationId?: string;
}

/** Request text goes into columns as it came, bounded, and without U+0000 (PostgreSQL refuses it in text). */
function clean(value: string | undefined, max: number): string | undefined {
  return value === undefined ? undefined : value.replaceAll('\u0000', '').slice(0, max);
}

/** The person, once they proved who they are. */
export function userActor(attempt: SignInAttempt, userId: string, email?: string): Actor {
  return actor(attempt, { type: 'user', id: userId, ...(email ? { name: clean(email, 320) } : {}) });
}

/** Someone not identified yet: named by the email they tried, as Auth0 does, else `anonymous`. */
export function anonymousActor(attempt: SignInAttempt, email?: string): Actor {
  return actor(attempt, { type: 'anonymous', id: clean(email, 320) || 'anonymous' });
}

function actor(attempt: SignInAttempt, who: Pick<Actor, 'type' | 'id' | 'name'>): Actor {
  const userAgent = clean(attempt.userAgent, 512);
  return {
    ...who,
    ...(attempt.client ? { clientId: attempt.client.client_id } : {}),
    ip: attempt.ip,
    ...(userAgent ? { userAgent } : {}),
  };
}

/**
 * Refusals already recorded by the step that refused: the surface that renders a refusal asks for
 * every one to be recorded (`refused`), and this keeps each to one event.
 */
const recorded = new WeakSet<Error>();

/** Records sign-in outcomes: successes in the transaction of their change, failures on their own. */
export function createSignInEvents(events: EventsService) {
  async function subjectFields(executor: Executor, attempt: SignInAttempt, subject: SignInSubject) {
    let connection = subject.connection;
    if (connection && (connection.name === undefined || connection.strategy === undefined)) {
      const row = await executor.selectFrom('connections').select(['name', 'strategy']).where('id', '=', connection.id).executeTakeFirst();
      connection = { id: connection.id, name: row?.name, strategy: row?.strategy };
    }
    const organization = subject.organizationId
      ? await executor.selectFrom('organizations').select('name').where('id', '=', subject.organizationId).executeTakeFirst()
      : undefined;
    return {
      clientId: attempt.client?.client_id ?? null,
      clientName: attempt.client?.name ?? null,
      userId: subject.userId ?? null,
      userName: clean(subject.email, 320) ?? null,
      connection: connection?.name ?? null,
      connectionId: connection?.id ?? null,
      strategy: connection?.strategy ?? null,
      organizationId: subject.organizationId ?? null,
      organizationName: organization?.name ?? null,
    };
  }

  return {
    /** The event fields of an attempt and its subject (for events written elsewhere, such as in a batch). */
    describe: subjectFields,

    /** A success of the person `subject.userId` (`s`, `ss`, `scp`…), in the transaction of its change. */
    async succeeded(
      executor: Executor,
      attempt: SignInAttempt,
      type: EventType,
      subject: SignInSubject & { userId: string },
      details?: Record<string, unknown>,
    ): Promise<void> {
      await events.record(executor, userActor(attempt, subject.userId, subject.email), {
        type,
        ...(await subjectFields(executor, attempt, subject)),
        ...(details ? { details } : {}),
      });
    },

    /** A request by someone not identified that succeeded (a password reset link asked for: `scpr`). */
    async requested(
      executor: Executor,
      attempt: SignInAttempt,
      type: EventType,
      subject: SignInSubject,
      details?: Record<string, unknown>,
    ): Promise<void> {
      await events.record(executor, anonymousActor(attempt, subject.email), {
        type,
        ...(await subjectFields(executor, attempt, subject)),
        ...(details ? { details } : {}),
      });
    },

    /**
     * A refused attempt (`f`, `fp`, `fs`, `limit_wc`…): the refusal's message (a DomainError's, or
     * an OAuth error description) is the description and its code `details.error`. The actor is
     * anonymous; the subject says who the attempt was about.
     */
    async failed(
      executor: Executor,
      attempt: SignInAttempt,
      type: EventType,
      subject: SignInSubject,
      refusal: Pick<DomainError, 'message'> & { code: string },
      details?: Record<string, unknown>,
    ): Promise<void> {
      await events.record(executor, anonymousActor(attempt, subject.email), {
        type,
        description: refusal.message,
        ...(await subjectFields(executor, attempt, subject)),
        details: { error: refusal.code, ...details },
      });
      if (refusal instanceof Error) recorded.add(refusal);
    },

    /** Whether the step that threw this error recorded it already. */
    wasRecorded: (error: unknown): boolean => error instanceof Error && recorded.has(error),
  };
}

export type SignInEvents = ReturnType<typeof createSignInEvents>;

/** The failure event a refusal is: a refused sign-up is Auth0's `fs`, any other refused sign-in `f`. */
export function refusalType(error: DomainError, stage: 'login' | 'signup' = 'login'): EventType {
  return stage === 'signup' || error.code === 'signup_disabled' ? 'fs' : 'f';
}
