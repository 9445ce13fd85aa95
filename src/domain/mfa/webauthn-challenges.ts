import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type Clock, iso } from '../shared/clock.js';
import { takePayloadRow, upsertPayloadRow } from '../protocol-store/protocol-store.queries.js';

/** What a challenge was issued for: enrolling a credential, a second-factor check, a passkey sign-in. */
export type ChallengePurpose = 'register' | 'authenticate' | 'passkey';

/** How long a challenge waits for its ceremony; conditional UI may sit on the sign-in page a while. */
export const CHALLENGE_TTL_SECONDS = 10 * 60;

const MODEL = 'WebAuthnChallenge';

/**
 * WebAuthn challenges, kept server-side and bound to the login interaction and purpose they were
 * issued for (W3C WebAuthn §13.4.3): the challenge checked is always this one, never the client's
 * echo. One outstanding per interaction and purpose (a new page view replaces it); taking it deletes
 * it in one statement, so an assertion replayed, even concurrently, finds no challenge.
 */
export function createChallengeStore(db: Kysely<Database>, clock: Clock) {
  const key = (interactionUid: string, purpose: ChallengePurpose) => `${interactionUid}:${purpose}`;
  return {
    /** A new random challenge (base64url, 32 bytes) for the interaction; `userId` binds it to who may answer. */
    async issue(interactionUid: string, purpose: ChallengePurpose, userId?: string): Promise<string> {
      const challenge = randomBytes(32).toString('base64url');
      await upsertPayloadRow(db, {
        model: MODEL,
        id: key(interactionUid, purpose),
        payload: JSON.stringify({ challenge, userId }),
        grant_id: null,
        account_id: userId ?? null,
        user_code: null,
        uid: interactionUid,
        expires_at: iso(new Date(clock.now().getTime() + CHALLENGE_TTL_SECONDS * 1000)),
        consumed_at: null,
      });
      return challenge;
    },

    /** The outstanding challenge, removed; undefined when none is (never issued, expired or taken). */
    async take(interactionUid: string, purpose: ChallengePurpose): Promise<{ challenge: string; userId?: string } | undefined> {
      const payload = await takePayloadRow(db, MODEL, key(interactionUid, purpose), iso(clock.now()));
      return payload === undefined ? undefined : (JSON.parse(payload) as { challenge: string; userId?: string });
    },
  };
}
