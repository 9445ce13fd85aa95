import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type Clock, iso } from '../shared/clock.js';
import {
  deleteExpiredPayloadRow,
  deleteExpiredPayloadRows,
  deletePayloadRow,
  deletePayloadRowsOfGrant,
  findPayloadRow,
  insertPayloadRow,
  insertPayloadRowIfAbsent,
  markPayloadConsumed,
  upsertPayloadRow,
} from './protocol-store.queries.js';
import type { PayloadStore, SamlRequestState, StoredPayload } from './protocol-store.types.js';

/** Where the hosted login keeps the machine-readable reason of a refusal until the redirect is built. */
const REFUSAL_MODEL = 'RefusalCode';
/** How long a refusal code waits for its redirect, in seconds. */
const REFUSAL_TTL_SECONDS = 300;
const SAML_REQUEST_MODEL = 'SamlRequest';
const SAML_ASSERTION_MODEL = 'SamlAssertion';

/**
 * The protocol layers' state in one table keyed by (model, id), as Logto does: oidc-provider's
 * payloads, the hosted login's refusal codes, and the SAML requests and assertion ids. Every node
 * reads and writes the same rows, so a flow started on one process can finish on another.
 */
export function createProtocolStoreService({ db, clock }: { db: Kysely<Database>; clock: Clock }) {
  const now = () => iso(clock.now());

  function payloads(model: string): PayloadStore {
    async function findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<StoredPayload | undefined> {
      // No stored id holds U+0000, and PostgreSQL refuses it in a text comparison (a 500): a code,
      // token or uid sent with one is simply not found.
      if (value.includes('\u0000')) return undefined;
      const row = await findPayloadRow(db, model, column, value);
      if (!row) return undefined;
      if (row.expires_at !== null && row.expires_at <= now()) return undefined;
      const payload = JSON.parse(row.payload) as StoredPayload;
      if (row.consumed_at !== null) payload.consumed = Math.floor(Date.parse(row.consumed_at) / 1000);
      return payload;
    }

    return {
      async upsert(id, payload, expiresIn) {
        await upsertPayloadRow(db, {
          model,
          id,
          payload: JSON.stringify(payload),
          grant_id: payload.grantId ?? null,
          account_id: payload.accountId ?? null,
          user_code: payload.userCode ?? null,
          uid: payload.uid ?? null,
          expires_at: expiresIn ? iso(new Date(clock.now().getTime() + expiresIn * 1000)) : null,
          consumed_at: null,
        });
      },
      find: (id) => findWhere('id', id),
      findByUid: (uid) => findWhere('uid', uid),
      findByUserCode: (userCode) => findWhere('user_code', userCode),
      consume: (id) => markPayloadConsumed(db, model, id, now()),
      destroy: (id) => deletePayloadRow(db, model, id),
      revokeByGrantId: (grantId) => deletePayloadRowsOfGrant(db, grantId),
    };
  }

  /**
   * Outstanding AuthnRequests by row id (the SAML layer keys them per connection). node-saml's
   * "remove" marks a request consumed instead of deleting it, so a second use reads as a replay.
   */
  const samlRequests = {
    async save(id: string, value: string, expiresAt: Date): Promise<void> {
      await insertPayloadRow(db, {
        model: SAML_REQUEST_MODEL,
        id,
        payload: JSON.stringify({ value }),
        grant_id: null,
        user_code: null,
        uid: null,
        expires_at: iso(expiresAt),
        consumed_at: null,
      });
    },
    /** The request's value while it awaits its response; null once used or expired. */
    async pending(id: string): Promise<string | null> {
      const row = await findPayloadRow(db, SAML_REQUEST_MODEL, 'id', id);
      if (!row || row.consumed_at !== null || (row.expires_at !== null && row.expires_at <= now())) return null;
      return (JSON.parse(row.payload) as { value: string }).value;
    },
    consume: (id: string) => markPayloadConsumed(db, SAML_REQUEST_MODEL, id, now(), { onlyOnce: true }),
    async state(id: string): Promise<SamlRequestState> {
      const row = await findPayloadRow(db, SAML_REQUEST_MODEL, 'id', id);
      if (!row || (row.expires_at !== null && row.expires_at <= now())) return 'unknown';
      return row.consumed_at === null ? 'pending' : 'consumed';
    },
  };

  return {
    payloads,

    /** Deletes expired rows, and the bindings of grants that no longer exist; run periodically. */
    sweepExpiredPayloads: (): Promise<number> => deleteExpiredPayloadRows(db, now()),

    /** Keeps a refusal's stable reason (`not_a_member`, …) for the redirect oidc-provider builds next. */
    saveRefusalCode: (interactionUid: string, code: string) =>
      payloads(REFUSAL_MODEL).upsert(interactionUid, { code }, REFUSAL_TTL_SECONDS),

    /** The refusal code the hosted login kept for this interaction, if any. */
    async refusalCode(interactionUid: string): Promise<string | undefined> {
      const stored = await payloads(REFUSAL_MODEL).find(interactionUid);
      return stored?.code ? String(stored.code) : undefined;
    },

    samlRequests,

    /**
     * Records an assertion id as used until `expiresAt`; returns false when it was already recorded.
     * One INSERT … ON CONFLICT DO NOTHING, so two nodes racing on the same assertion cannot both win.
     */
    async consumeAssertionId(key: { connectionId: string; assertionId: string }, expiresAt: Date): Promise<boolean> {
      const id = `${key.connectionId}:${key.assertionId}`;
      // An expired leftover (not yet swept) must not block: its assertion can no longer pass the time checks anyway.
      await deleteExpiredPayloadRow(db, SAML_ASSERTION_MODEL, id, now());
      return insertPayloadRowIfAbsent(db, {
        model: SAML_ASSERTION_MODEL,
        id,
        payload: '{}',
        grant_id: null,
        user_code: null,
        uid: null,
        expires_at: iso(expiresAt),
        consumed_at: null,
      });
    },
  };
}

export type ProtocolStoreService = ReturnType<typeof createProtocolStoreService>;

/** The SAML service provider's share of the store: its AuthnRequests and used assertion ids. */
export type SamlStore = Pick<ProtocolStoreService, 'samlRequests' | 'consumeAssertionId'>;
