import { randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, type JWTVerifyGetKey } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Actor } from '../events/actor.js';
import type { EventsService } from '../events/events.service.js';
import { CONFIG_CACHE_TTL_MS, type ConfigCache } from '../shared/config-cache.js';
import { type Clock, iso } from '../shared/clock.js';
import { insertSettingIfAbsent, readSetting } from '../settings/settings.queries.js';
import { keySetAt, publicJwk, RETIRED_KEY_RETENTION_SECONDS, type KeySet, type SigningKey } from './key-set.js';
import { findLiveSigningKeys, insertSigningKeyRow, retireCurrentSigningKeys } from './keys.queries.js';
import { keyCertificate } from './key-certificate.js';
import { fail } from '../errors.js';

const COOKIE_KEYS = 'cookie_keys';
const CACHE_KEY = 'signing-keys';

export interface KeysDeps {
  db: Kysely<Database>;
  clock: Clock;
  events: EventsService;
  /**
   * Every process reads the key set through this cache: another process's rotation is seen within
   * its time-to-live (CONFIG_CACHE_TTL_MS), this process's at once.
   */
  configCache: ConfigCache;
  /** Seconds between a rotation and the new key's first signature (Config.signingKeyActivationDelay). */
  activationDelaySeconds: number;
  /** The public issuer URL: its host names the keys' certificates. */
  issuer: string;
}

/** A signing key as Auth0's `GET /keys/signing` reports it. */
export interface SigningKeyView {
  kid: string;
  cert: string;
  fingerprint: string;
  thumbprint: string;
  /** Signs now. */
  current: boolean;
  /** Published, signing from `current_since` (after the activation delay). */
  next: boolean;
  /** Signed until `current_until`; still published so that its tokens verify. */
  previous: boolean;
  current_since?: string;
  current_until?: string;
  revoked: boolean;
}

/** A rotation: the new key, published now, and when it starts signing. */
export interface Rotation {
  kid: string;
  activeFrom: string;
}

async function createKey(db: Kysely<Database>, clock: Clock, activeFrom: Date): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const stored = { ...jwk, kid, alg: 'RS256', use: 'sig' };
  await insertSigningKeyRow(db, {
    kid,
    alg: 'RS256',
    private_jwk: JSON.stringify(stored),
    created_at: iso(clock.now()),
    active_from: iso(activeFrom),
    retired_at: null,
  });
  return kid;
}

/** The tenant's secrets: token signing keys (rotatable) and the keys that sign oidc-provider's cookies. */
export function createKeysService({ db, clock, events, configCache, activationDelaySeconds, issuer }: KeysDeps) {
  let lastRead: readonly SigningKey[] | undefined;
  /** After a failed read, the keys read last are used without asking again until then (monotonic ms). */
  let quietUntil = 0;
  let verifier: { kids: string; getKey: JWTVerifyGetKey } | undefined;

  async function storedKeys(): Promise<readonly SigningKey[]> {
    if (lastRead && performance.now() < quietUntil) return lastRead;
    try {
      const cutoff = iso(new Date(clock.now().getTime() - RETIRED_KEY_RETENTION_SECONDS * 1000));
      lastRead = await configCache.get(CACHE_KEY, () => findLiveSigningKeys(db, cutoff));
    } catch (error) {
      // The database is out: nothing can rotate the keys meanwhile, so the ones read last still
      // hold, and tokens keep verifying (the request then meets the outage where it needs data).
      // Not asked again for a while, so that requests do not each wait for the database twice.
      if (!lastRead) throw error;
      quietUntil = performance.now() + CONFIG_CACHE_TTL_MS;
    }
    return lastRead;
  }

  async function keySet(): Promise<KeySet> {
    const found = keySetAt(await storedKeys(), iso(clock.now()));
    if (found) return found;
    // No key yet (first start) or none left: one that signs at once, as nobody can have cached a JWKS without it.
    await createKey(db, clock, clock.now());
    configCache.clear();
    const created = keySetAt(await storedKeys(), iso(clock.now()));
    if (!created) throw new Error('the signing key was not stored');
    return created;
  }

  /** Every published key as Auth0 shows it, the signing one first, then newest first. */
  async function signingKeys(): Promise<SigningKeyView[]> {
    const { signing, published } = await keySet();
    const stored = new Map((await storedKeys()).map((k) => [k.kid, k]));
    const now = iso(clock.now());
    const commonName = new URL(issuer).hostname;
    return published.map((jwk) => {
      const key = stored.get(String(jwk.kid))!;
      const current = key.kid === signing.kid;
      const next = !current && key.activeFrom > now && (key.retiredAt === null || key.retiredAt > now);
      const { pem, fingerprint, thumbprint } = keyCertificate(key.jwk, commonName, key.createdAt);
      return {
        kid: key.kid,
        cert: pem,
        fingerprint,
        thumbprint,
        current,
        next,
        previous: !current && !next,
        current_since: key.activeFrom,
        ...(key.retiredAt && !next ? { current_until: key.retiredAt } : {}),
        revoked: false,
      };
    });
  }

  return {
    signingKeys,

    /** One published key; 404 inexistent_signing_key otherwise. */
    async signingKey(kid: string): Promise<SigningKeyView> {
      const key = (await signingKeys()).find((k) => k.kid === kid);
      if (!key) fail('inexistent_signing_key', 'The signing key does not exist.');
      return key;
    },

    /**
     * The keys now: the one that signs and every published one. Read from the database through
     * the cache, and computed at the clock's time, so a pending key starts signing on every
     * process at its `activeFrom`. Creates the first key when there is none.
     */
    keySet,

    /**
     * jose's key resolver for tokens signed by any published key (kid, then signature). Tokens
     * from a key rotated in on another process verify here once the cache has seen it.
     */
    verificationKey: (async (header, token) => {
      const { published } = await keySet();
      const kids = published.map((k) => k.kid).join(' ');
      if (verifier?.kids !== kids) verifier = { kids, getKey: createLocalJWKSet({ keys: published.map(publicJwk) }) };
      return verifier.getKey(header, token);
    }) as JWTVerifyGetKey,

    /**
     * Publishes a new key now, which signs once `activationDelaySeconds` have passed; until then the
     * current key signs, and it stays published for RETIRED_KEY_RETENTION_SECONDS after that.
     */
    async rotateSigningKey(actor: Actor): Promise<Rotation> {
      const activeFrom = new Date(clock.now().getTime() + activationDelaySeconds * 1000);
      const kid = await db.transaction().execute(async (trx) => {
        await retireCurrentSigningKeys(trx, iso(activeFrom));
        const created = await createKey(trx, clock, activeFrom);
        await events.record(trx, actor, { type: 'signing_key_rotated', details: { kid: created, active_from: iso(activeFrom) } });
        return created;
      });
      configCache.clear();
      return { kid, activeFrom: iso(activeFrom) };
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
