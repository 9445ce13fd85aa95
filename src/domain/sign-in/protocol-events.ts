import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { PASSWORD_REALM_GRANT } from '../clients/clients.types.js';
import type { Actor } from '../events/actor.js';
import type { EventType } from '../events/event-types.js';
import type { EventsService } from '../events/events.service.js';
import { createEventBatch } from '../events/event-batch.js';
import { anonymousActor, type SignInAttempt, type SignInEvents, userActor } from './sign-in-events.js';

/** Auth0's success and failure codes of each token exchange. */
const EXCHANGES: Record<string, readonly [EventType, EventType]> = {
  authorization_code: ['seacft', 'feacft'],
  client_credentials: ['seccft', 'feccft'],
  refresh_token: ['sertft', 'fertft'],
  password: ['sepft', 'fepft'],
  [PASSWORD_REALM_GRANT]: ['sepft', 'fepft'],
};

/** What the token endpoint did, in OAuth's words: never a code, a token, a secret or a password. */
export interface ExchangeOutcome {
  grantType: string;
  /** The application authenticated itself (a failure before that has only the client id it named). */
  clientAuthenticated: boolean;
  /** The user the tokens are for. */
  userId?: string;
  /** The user name a password grant tried. */
  username?: string;
  /** The organization of the grant the tokens came from. */
  organizationId?: string;
  audience?: string;
  scope?: string;
  /** The OAuth error of a refused exchange. */
  error?: { error: string; description?: string };
}

/**
 * Outcomes the protocol layer sees and the hosted login does not: token exchanges (Auth0's `seacft`,
 * `seccft`, `sertft`, `sepft` and their failures), silent authentication (`ssa`/`fsa`), a login
 * from an existing session without a page (`s`), logout (`slo`). They change nothing, so each is
 * recorded on its own.
 */
export function createProtocolEvents(deps: { db: Kysely<Database>; events: EventsService; signInEvents: SignInEvents }) {
  const { db, events, signInEvents } = deps;
  const batch = createEventBatch(db, events);

  /** The application, for an outcome with no user: the client itself when it authenticated. */
  function clientActor(attempt: SignInAttempt, authenticated: boolean): Actor {
    if (!authenticated || !attempt.client) return anonymousActor(attempt);
    return { ...anonymousActor(attempt), type: 'client', id: attempt.client.client_id, name: attempt.client.name };
  }

  return {
    /**
     * Grant types without an Auth0 code (device flow, token exchange…) record nothing. Written in
     * batches (event-batch.ts): this is the token endpoint's hot path.
     */
    async tokenExchange(attempt: SignInAttempt, outcome: ExchangeOutcome): Promise<void> {
      const codes = EXCHANGES[outcome.grantType];
      if (!codes) return;
      const details: Record<string, unknown> = {
        grant_type: outcome.grantType,
        ...(outcome.audience ? { audience: outcome.audience } : {}),
        ...(outcome.scope ? { scope: outcome.scope } : {}),
      };
      const error = outcome.error;
      // A refused password grant is a failed sign-in: its actor is who tried, as at the login page.
      const actor = error
        ? outcome.username
          ? anonymousActor(attempt, outcome.username)
          : clientActor(attempt, outcome.clientAuthenticated)
        : outcome.userId
          ? userActor(attempt, outcome.userId)
          : clientActor(attempt, true);
      // Client credentials have no subject to look up: one insert, no reads.
      const subject =
        outcome.userId || outcome.username || outcome.organizationId
          ? await signInEvents.describe(db, attempt, {
              userId: outcome.userId,
              email: outcome.username,
              organizationId: outcome.organizationId,
            })
          : { clientId: attempt.client?.client_id, clientName: attempt.client?.name };
      await batch.record(actor, {
        type: error ? codes[1] : codes[0],
        ...subject,
        ...(error ? { description: error.description ?? error.error } : {}),
        details: error ? { error: error.error, ...details } : details,
      });
    },

    /**
     * `prompt=none` answered (`ssa`), or refused with `login_required` and the like (`fsa`); an
     * authorization request answered from the session without a page is a login too (`s`, sso).
     */
    async sessionAuthorization(
      attempt: SignInAttempt,
      outcome: { silent: boolean; userId?: string; organizationId?: string; error?: { error: string; description?: string } },
    ): Promise<void> {
      if (outcome.error) {
        if (!outcome.silent) return;
        const refusal = { code: outcome.error.error, message: outcome.error.description ?? outcome.error.error };
        await signInEvents.failed(db, attempt, 'fsa', { userId: outcome.userId }, refusal);
        return;
      }
      if (!outcome.userId) return;
      await signInEvents.succeeded(
        db,
        attempt,
        outcome.silent ? 'ssa' : 's',
        { userId: outcome.userId, organizationId: outcome.organizationId },
        { sso: true },
      );
    },

    /** The session ended (`slo`): OIDC end-session or Auth0's /v2/logout. */
    async logout(attempt: SignInAttempt, outcome: { userId?: string }): Promise<void> {
      const actor = outcome.userId ? userActor(attempt, outcome.userId) : anonymousActor(attempt);
      await events.record(db, actor, {
        type: 'slo',
        clientId: attempt.client?.client_id,
        clientName: attempt.client?.name,
        userId: outcome.userId,
      });
    },
  };
}

export type ProtocolEvents = ReturnType<typeof createProtocolEvents>;
