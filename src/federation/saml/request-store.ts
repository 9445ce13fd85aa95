import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { iso, type Clock } from '../../domain/shared/clock.js';

const MODEL = 'SamlRequest';
/** How long an AuthnRequest may wait for its response. */
export const REQUEST_TTL_MS = 10 * 60 * 1000;

/** 'pending' until a response used it; 'consumed' afterwards (kept until expiry to tell a replay). */
export type RequestState = 'pending' | 'consumed' | 'unknown';

/**
 * Outstanding AuthnRequest ids, keyed `<connection id>:<request id>` so a request made for one
 * connection cannot be answered through another. Stored in the shared `oidc_payloads` table so that any node can finish
 * a login another node started. node-saml calls `removeAsync` once a response used the id (or
 * failed): we mark the row consumed instead of deleting it, so a second use reads as a replay.
 */
export function createRequestStore(db: Kysely<Database>, clock: Clock, connectionId: string) {
  const now = () => iso(clock.now());
  const rowId = (requestId: string) => `${connectionId}:${requestId}`;

  async function state(requestId: string): Promise<RequestState> {
    const id = rowId(requestId);
    const row = await db
      .selectFrom('oidc_payloads')
      .select(['consumed_at', 'expires_at'])
      .where('model', '=', MODEL)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || (row.expires_at !== null && row.expires_at <= now())) return 'unknown';
    return row.consumed_at === null ? 'pending' : 'consumed';
  }

  const cacheProvider: CacheProvider = {
    async saveAsync(key: string, value: string): Promise<CacheItem | null> {
      const createdAt = clock.now().getTime();
      await db
        .insertInto('oidc_payloads')
        .values({
          model: MODEL,
          id: rowId(key),
          payload: JSON.stringify({ value }),
          grant_id: null,
          user_code: null,
          uid: null,
          expires_at: iso(new Date(createdAt + REQUEST_TTL_MS)),
          consumed_at: null,
        })
        .execute();
      return { value, createdAt };
    },
    async getAsync(key: string): Promise<string | null> {
      const row = await db
        .selectFrom('oidc_payloads')
        .select(['payload', 'expires_at'])
        .where('model', '=', MODEL)
        .where('id', '=', rowId(key))
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
      if (!row || (row.expires_at !== null && row.expires_at <= now())) return null;
      return (JSON.parse(row.payload) as { value: string }).value;
    },
    async removeAsync(key: string | null): Promise<string | null> {
      if (key === null) return null;
      await db
        .updateTable('oidc_payloads')
        .set({ consumed_at: now() })
        .where('model', '=', MODEL)
        .where('id', '=', rowId(key))
        .where('consumed_at', 'is', null)
        .execute();
      return key;
    },
  };

  return { cacheProvider, state };
}

export type RequestStore = ReturnType<typeof createRequestStore>;
