import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import type { SamlStore } from '../../domain/protocol-store/protocol-store.service.js';
import type { SamlRequestState } from '../../domain/protocol-store/protocol-store.types.js';
import type { Clock } from '../../domain/shared/clock.js';

/** How long an AuthnRequest may wait for its response. */
export const REQUEST_TTL_MS = 10 * 60 * 1000;

/**
 * Outstanding AuthnRequest ids, keyed `<connection id>:<request id>` so a request made for one
 * connection cannot be answered through another. Kept in the protocol store so that any node can
 * finish a login another node started. node-saml calls `removeAsync` once a response used the id (or
 * failed): the store marks it consumed instead of deleting it, so a second use reads as a replay.
 */
export function createRequestStore(store: SamlStore, clock: Clock, connectionId: string) {
  const rowId = (requestId: string) => `${connectionId}:${requestId}`;

  const cacheProvider: CacheProvider = {
    async saveAsync(key: string, value: string): Promise<CacheItem | null> {
      const createdAt = clock.now().getTime();
      await store.samlRequests.save(rowId(key), value, new Date(createdAt + REQUEST_TTL_MS));
      return { value, createdAt };
    },
    getAsync: (key: string): Promise<string | null> => store.samlRequests.pending(rowId(key)),
    async removeAsync(key: string | null): Promise<string | null> {
      if (key === null) return null;
      await store.samlRequests.consume(rowId(key));
      return key;
    },
  };

  return { cacheProvider, state: (requestId: string): Promise<SamlRequestState> => store.samlRequests.state(rowId(requestId)) };
}

export type RequestStore = ReturnType<typeof createRequestStore>;
