// The signing key set as every process computes it from the database: a rotated key is published
// at once and signs only from its activation on, on every process; retired keys stay published for
// the retention period. Time is the test's: the domain clock and the cache's clock are both frozen.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, importJWK, jwtVerify, type JWK } from 'jose';
import { migrateToLatest } from '../../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';
import { createEventsService } from '../../src/domain/events/events.service.js';
import { RETIRED_KEY_RETENTION_SECONDS } from '../../src/domain/keys/key-set.js';
import { createKeysService } from '../../src/domain/keys/keys.service.js';
import { CONFIG_CACHE_TTL_MS, createConfigCache } from '../../src/domain/shared/config-cache.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/dialects.js';

const DELAY_SECONDS = 600;

for (const dialect of DIALECTS) {
  describe(`signing key set [${dialect}]`, () => {
    let database: TestDatabase;
    let now: Date;
    /** The cache clock of each process (monotonic milliseconds). */
    const cacheTime = { here: 0, there: 0 };
    const clock = { now: () => now };
    const at = (ms: number) => new Date(now.getTime() + ms);

    /** The keys service of one Gatehouse process: its own cache, the shared database and clock. */
    function node(name: 'here' | 'there', activationDelaySeconds = DELAY_SECONDS) {
      const db = database.db.kysely;
      return createKeysService({
        db,
        clock,
        events: createEventsService({ db, clock }),
        configCache: createConfigCache({ now: () => cacheTime[name] }),
        activationDelaySeconds,
        issuer: 'https://tenant.example',
      });
    }
    /** Lets a process's cached read expire, as another process's write is seen after the TTL. */
    const expireCache = (name: 'here' | 'there') => {
      cacheTime[name] += CONFIG_CACHE_TTL_MS + 1;
    };

    before(async () => {
      database = await freshDatabase(dialect);
      await migrateToLatest(database.db.kysely);
    });
    after(async () => {
      await database.drop();
    });
    beforeEach(async () => {
      await database.db.kysely.deleteFrom('signing_keys').execute();
      now = new Date('2026-12-01T10:00:00.000Z');
    });

    const kids = (keys: JWK[]) => keys.map((k) => k.kid);

    it('creates the first key on a fresh database, signing at once, and every process reads that one', async () => {
      const here = node('here');
      const first = await here.keySet();
      assert.deepEqual(kids(first.published), [first.signing.kid]);
      assert.ok(first.signing.d, 'the signing key is the private key');
      const there = await node('there').keySet();
      assert.equal(there.signing.kid, first.signing.kid);
      const rows = await database.db.kysely.selectFrom('signing_keys').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0].active_from, now.toISOString());
    });

    it('publishes a rotated key at once and signs with it only from its activation, on every process', async () => {
      const here = node('here');
      const there = node('there');
      const old = (await here.keySet()).signing.kid!;
      assert.equal((await there.keySet()).signing.kid, old);

      now = at(1000);
      const rotation = await here.rotateSigningKey(SYSTEM_ACTOR);
      assert.equal(rotation.activeFrom, at(DELAY_SECONDS * 1000).toISOString());
      // The rotating process has dropped its cache; the other sees the rotation once its read expires.
      const published = await here.keySet();
      assert.deepEqual(kids(published.published), [old, rotation.kid]);
      assert.equal(published.signing.kid, old, 'the old key signs until the delay has passed');
      assert.deepEqual(kids((await there.keySet()).published), [old], 'read before the rotation, still cached');
      expireCache('there');
      assert.deepEqual(kids((await there.keySet()).published), [old, rotation.kid]);

      now = new Date(Date.parse(rotation.activeFrom) - 1);
      assert.equal((await here.keySet()).signing.kid, old);
      assert.equal((await there.keySet()).signing.kid, old);

      now = new Date(rotation.activeFrom);
      for (const set of [await here.keySet(), await there.keySet()]) {
        assert.equal(set.signing.kid, rotation.kid, 'both processes switch at the stored instant, without a new read');
        assert.deepEqual(kids(set.published), [rotation.kid, old], 'the signing key first; the old key stays published');
      }
    });

    it('keeps a retired key published for the retention period after it stopped signing, then drops it', async () => {
      const here = node('here');
      const old = (await here.keySet()).signing.kid;
      const rotation = await here.rotateSigningKey(SYSTEM_ACTOR);
      const retiredAt = Date.parse(rotation.activeFrom);

      now = new Date(retiredAt + RETIRED_KEY_RETENTION_SECONDS * 1000 - 1);
      expireCache('here');
      assert.deepEqual(kids((await here.keySet()).published), [rotation.kid, old]);

      now = new Date(retiredAt + RETIRED_KEY_RETENTION_SECONDS * 1000 + 1);
      expireCache('here');
      assert.deepEqual(kids((await here.keySet()).published), [rotation.kid]);
    });

    it('switches to each rotated key at its own activation, after two rotations within the delay', async () => {
      const here = node('here');
      const old = (await here.keySet()).signing.kid;
      const first = await here.rotateSigningKey(SYSTEM_ACTOR);
      now = at(60_000);
      const second = await here.rotateSigningKey(SYSTEM_ACTOR);
      assert.deepEqual(kids((await here.keySet()).published), [old, second.kid, first.kid]);
      assert.equal((await here.keySet()).signing.kid, old);

      // Each rotation retires the keys before it at its own key's activation.
      now = new Date(first.activeFrom);
      assert.equal((await here.keySet()).signing.kid, first.kid, 'the first new key signs until the second is active');
      now = new Date(second.activeFrom);
      const set = await here.keySet();
      assert.equal(set.signing.kid, second.kid);
      assert.deepEqual(kids(set.published).sort(), [old, first.kid, second.kid].sort());
    });

    it('signs at once with an activation delay of 0', async () => {
      const old = (await node('here').keySet()).signing.kid;
      const immediate = node('here', 0);
      const rotation = await immediate.rotateSigningKey(SYSTEM_ACTOR);
      const set = await immediate.keySet();
      assert.equal(set.signing.kid, rotation.kid);
      assert.deepEqual(kids(set.published), [rotation.kid, old]);
    });

    it('verifies tokens of every published key (pending, current, retired) and no other', async () => {
      const here = node('here');
      const current = (await here.keySet()).signing;
      const rotation = await here.rotateSigningKey(SYSTEM_ACTOR);
      const pending = (await here.keySet()).published.find((k) => k.kid === rotation.kid)!;
      const sign = async (jwk: JWK) =>
        new SignJWT({ sub: 'x' })
          .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
          .setExpirationTime(Math.floor(now.getTime() / 1000) + 3600)
          .sign(await importJWK(jwk, 'RS256'));
      const verify = async (token: string) => jwtVerify(token, here.verificationKey, { currentDate: now });
      await verify(await sign(current));
      await verify(await sign(pending));

      // After the retention of the old key, its tokens no longer verify; the new key's still do.
      const oldToken = await sign(current);
      now = new Date(Date.parse(rotation.activeFrom) + RETIRED_KEY_RETENTION_SECONDS * 1000 + 1);
      expireCache('here');
      await verify(await sign(pending));
      await assert.rejects(verify(oldToken), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    });

    it('records the rotation as an event, with the new key id and no key material', async () => {
      const rotation = await node('here').rotateSigningKey(SYSTEM_ACTOR);
      const rows = await database.db.kysely.selectFrom('events').selectAll().where('action', '=', 'signing_key_rotated').execute();
      const row = rows.find((r) => JSON.parse(r.details).kid === rotation.kid);
      assert.ok(row, 'an event names the new key');
      assert.equal(row.type, 'signing_key_rotated');
      assert.equal(row.actor_type, 'system');
      assert.equal(JSON.parse(row.details).active_from, rotation.activeFrom);
      const stored = await database.db.kysely
        .selectFrom('signing_keys')
        .select('private_jwk')
        .where('kid', '=', rotation.kid)
        .executeTakeFirstOrThrow();
      const { d } = JSON.parse(stored.private_jwk) as JWK;
      assert.ok(d && !row.details.includes(d), 'the private key is never in the event');
    });
  });
}
