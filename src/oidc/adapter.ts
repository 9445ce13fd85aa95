import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { ProtocolStoreService } from '../domain/protocol-store/protocol-store.service.js';

/**
 * oidc-provider's adapter for one model, over the protocol store (src/domain/protocol-store): one
 * table keyed by (model, id), so a flow started on one process can finish on another.
 */
export function createPayloadAdapter(store: ProtocolStoreService, model: string): Adapter {
  const payloads = store.payloads(model);
  return {
    upsert: (id, payload, expiresIn) => payloads.upsert(id, payload, expiresIn),
    find: (id) => payloads.find(id) as Promise<AdapterPayload | undefined>,
    findByUid: (uid) => payloads.findByUid(uid) as Promise<AdapterPayload | undefined>,
    findByUserCode: (userCode) => payloads.findByUserCode(userCode) as Promise<AdapterPayload | undefined>,
    consume: (id) => payloads.consume(id),
    destroy: (id) => payloads.destroy(id),
    revokeByGrantId: (grantId) => payloads.revokeByGrantId(grantId),
  };
}
