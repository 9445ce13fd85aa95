import { randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import { type Clock, iso } from '../shared/clock.js';
import { insertSettingIfAbsent, readSetting } from '../settings/settings.queries.js';
import { findLiveSigningKeyRows, insertSigningKeyRow, retireCurrentSigningKeys } from './keys.queries.js';

/** Retired keys stay in the JWKS this long, so tokens they signed still verify until they expire. */
export const RETIRED_KEY_RETENTION_SECONDS = 7 * 24 * 3600;

const COOKIE_KEYS = 'cookie_keys';

async function createKey(db: Kysely<Database>, clock: Clock): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const stored = { ...jwk, kid, alg: 'RS256', use: 'sig' };
  await insertSigningKeyRow(db, { kid, alg: 'RS256', private_jwk: JSON.stringify(stored), created_at: iso(clock.now()), retired_at: null });
  return stored;
}

/** The tenant's secrets: token signing keys (rotatable) and the keys that sign oidc-provider's cookies. */
export function createKeysService({ db, clock }: { db: Kysely<Database>; clock: Clock }) {
  return {
    /**
     * Private signing keys, current first, then retired ones still within retention.
     * Creates the first key when there is none (first start).
     */
    async loadSigningKeys(): Promise<JWK[]> {
      const cutoff = iso(new Date(clock.now().getTime() - RETIRED_KEY_RETENTION_SECONDS * 1000));
      const rows = await findLiveSigningKeyRows(db, cutoff);
      const current = rows.filter((r) => r.retired_at === null);
      const retired = rows.filter((r) => r.retired_at !== null);
      if (current.length === 0) return [await createKey(db, clock), ...retired.map((r) => JSON.parse(r.private_jwk) as JWK)];
      return [...current, ...retired].map((r) => JSON.parse(r.private_jwk) as JWK);
    },

    /** Retires the current key and creates a new one; returns the new key id. */
    rotateSigningKey(): Promise<string> {
      return db.transaction().execute(async (trx) => {
        await retireCurrentSigningKeys(trx, iso(clock.now()));
        const key = await createKey(trx, clock);
        return key.kid as string;
      });
    },

    /** Secrets that sign oidc-provider's cookies; created once and shared by every process. */
    async loadCookieKeys(): Promise<string[]> {
      const existing = await readSetting<string[]>(db, COOKIE_KEYS);
      if (existing) return existing;
      await insertSettingIfAbsent(db, COOKIE_KEYS, [randomBytes(32).toString('base64url')]);
      // Another process may have stored its keys first: every process uses the stored ones.
      const stored = await readSetting<string[]>(db, COOKIE_KEYS);
      if (!stored) throw new Error('the cookie keys were not stored');
      return stored;
    },
  };
}

export type KeysService = ReturnType<typeof createKeysService>;
