import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createPayloadAdapter } from '../../src/oidc/adapter.js';
import { createProtocolStoreService } from '../../src/domain/protocol-store/protocol-store.service.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/dialects.js';

/** A clock the test moves by hand instead of sleeping. */
function manualClock(start = Date.parse('2026-01-01T00:00:00Z')): Clock & { advance(seconds: number): void } {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (seconds) => {
      now += seconds * 1000;
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`oidc-provider storage adapter [${dialect}]`, () => {
    let database: TestDatabase;
    /** The protocol store, on this suite's database and the test's clock. */
    const store = (clock: Clock) => createProtocolStoreService({ db: database.db.kysely, clock });
    before(async () => {
      database = await freshDatabase(dialect);
      await migrateToLatest(database.db.kysely);
    });
    after(async () => {
      await database.drop();
    });

    it('applies migrations once; a second run changes nothing', async () => {
      assert.deepEqual(await migrateToLatest(database.db.kysely), []);
    });

    it('stores, finds and overwrites a payload by model and id', async () => {
      const clock = manualClock();
      const sessions = createPayloadAdapter(store(clock), 'Session');
      const grants = createPayloadAdapter(store(clock), 'Grant');
      await sessions.upsert('s1', { accountId: 'u1', uid: 'uid-1' }, 60);
      await sessions.upsert('s1', { accountId: 'u2', uid: 'uid-1' }, 60);
      assert.equal((await sessions.find('s1'))?.accountId, 'u2');
      assert.equal((await sessions.findByUid('uid-1'))?.accountId, 'u2');
      assert.equal(await grants.find('s1'), undefined, 'models do not share ids');
    });

    it('hides a payload once it expires, and the sweeper deletes it', async () => {
      const clock = manualClock();
      const codes = createPayloadAdapter(store(clock), 'AuthorizationCode');
      await codes.upsert('c-expiring', { grantId: 'g-exp' }, 30);
      clock.advance(29);
      assert.ok(await codes.find('c-expiring'));
      clock.advance(1);
      assert.equal(await codes.find('c-expiring'), undefined);
      assert.ok((await store(clock).sweepExpiredPayloads()) >= 1);
      const left = await database.db.kysely.selectFrom('oidc_payloads').select('id').where('id', '=', 'c-expiring').execute();
      assert.equal(left.length, 0);
    });

    it('marks a payload consumed', async () => {
      const clock = manualClock();
      const codes = createPayloadAdapter(store(clock), 'AuthorizationCode');
      await codes.upsert('c-consume', { grantId: 'g1' }, 600);
      assert.equal((await codes.find('c-consume'))?.consumed, undefined);
      await codes.consume('c-consume');
      assert.equal((await codes.find('c-consume'))?.consumed, Math.floor(clock.now().getTime() / 1000));
    });

    it('revokes every payload of a grant across models', async () => {
      const clock = manualClock();
      const codes = createPayloadAdapter(store(clock), 'AuthorizationCode');
      const tokens = createPayloadAdapter(store(clock), 'RefreshToken');
      await codes.upsert('c-grant', { grantId: 'g-revoke' }, 600);
      await tokens.upsert('r-grant', { grantId: 'g-revoke' }, 600);
      await tokens.upsert('r-other', { grantId: 'g-keep' }, 600);
      await tokens.revokeByGrantId('g-revoke');
      assert.equal(await codes.find('c-grant'), undefined);
      assert.equal(await tokens.find('r-grant'), undefined);
      assert.ok(await tokens.find('r-other'));
    });

    it('sweeps organization bindings of grants that are gone, and keeps live ones', async () => {
      const clock = manualClock();
      const db = database.db.kysely;
      const now = clock.now().toISOString();
      await db
        .insertInto('organizations')
        .values({
          id: 'org_sweep000000000000',
          name: 'sweep',
          display_name: null,
          branding: null,
          metadata: '{}',
          allowed_domains: '[]',
          is_auto_join_domain_list: 0,
          is_auto_membership_enabled: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await createPayloadAdapter(store(clock), 'Grant').upsert('grant-live', { accountId: 'u' }, 600);
      for (const grant_id of ['grant-live', 'grant-gone']) {
        await db
          .insertInto('grant_organizations')
          .values({ grant_id, organization_id: 'org_sweep000000000000', user_id: 'u', client_id: 'c', created_at: now })
          .execute();
      }
      await store(clock).sweepExpiredPayloads();
      const left = await db.selectFrom('grant_organizations').select('grant_id').orderBy('grant_id').execute();
      assert.deepEqual(
        left.map((r) => r.grant_id),
        ['grant-live'],
      );
    });

    it('finds a device-flow payload by user code and destroys it', async () => {
      const clock = manualClock();
      const devices = createPayloadAdapter(store(clock), 'DeviceCode');
      await devices.upsert('d1', { userCode: 'ABCD-EFGH' }, 600);
      assert.ok(await devices.findByUserCode('ABCD-EFGH'));
      await devices.destroy('d1');
      assert.equal(await devices.findByUserCode('ABCD-EFGH'), undefined);
    });
  });
}
