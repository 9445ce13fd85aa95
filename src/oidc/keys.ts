import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { type Clock, iso } from '../domain/shared/clock.js';

/** Retired keys stay in the JWKS this long, so tokens they signed still verify until they expire. */
export const RETIRED_KEY_RETENTION_SECONDS = 7 * 24 * 3600;

async function createKey(db: Kysely<Database>, clock: Clock): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const stored = { ...jwk, kid, alg: 'RS256', use: 'sig' };
  await db
    .insertInto('signing_keys')
    .values({ kid, alg: 'RS256', private_jwk: JSON.stringify(stored), created_at: iso(clock.now()), retired_at: null })
    .execute();
  return stored;
}

/**
 * Private signing keys, current first, then retired ones still within retention.
 * Creates the first key when there is none (first start).
 */
export async function loadSigningKeys(db: Kysely<Database>, clock: Clock): Promise<JWK[]> {
  const cutoff = iso(new Date(clock.now().getTime() - RETIRED_KEY_RETENTION_SECONDS * 1000));
  const rows = await db
    .selectFrom('signing_keys')
    .selectAll()
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', cutoff)]))
    .orderBy('created_at', 'desc')
    .execute();
  const current = rows.filter((r) => r.retired_at === null);
  const retired = rows.filter((r) => r.retired_at !== null);
  if (current.length === 0) return [await createKey(db, clock), ...retired.map((r) => JSON.parse(r.private_jwk) as JWK)];
  return [...current, ...retired].map((r) => JSON.parse(r.private_jwk) as JWK);
}

/** Retires the current key and creates a new one; returns the new key id. */
export async function rotateSigningKey(db: Kysely<Database>, clock: Clock): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('signing_keys')
      .set({ retired_at: iso(clock.now()) })
      .where('retired_at', 'is', null)
      .execute();
    const key = await createKey(trx, clock);
    return key.kid as string;
  });
}

/** The public half of a private JWK, as published in the JWKS. */
export function publicJwk(jwk: JWK): JWK {
  const { kty, n, e, kid, alg, use } = jwk;
  return { kty, n, e, kid, alg, use };
}
