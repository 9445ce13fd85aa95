/**
 * One piece of oidc-provider state (a session, interaction, grant, code or token) as it is stored:
 * its JSON, the keys it is found by, and when it was consumed (seconds since the epoch).
 */
export type StoredPayload = Record<string, unknown> & {
  grantId?: string;
  accountId?: string;
  userCode?: string;
  uid?: string;
  consumed?: number;
};

/** The stored state of one model: what oidc-provider's adapter does, without oidc-provider. */
export interface PayloadStore {
  upsert(id: string, payload: StoredPayload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<StoredPayload | undefined>;
  findByUid(uid: string): Promise<StoredPayload | undefined>;
  findByUserCode(userCode: string): Promise<StoredPayload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

/** An AuthnRequest: 'pending' until a response used it; 'consumed' afterwards (kept until expiry to tell a replay). */
export type SamlRequestState = 'pending' | 'consumed' | 'unknown';
