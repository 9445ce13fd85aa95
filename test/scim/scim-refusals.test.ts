// Bad SCIM input gets a SCIM error naming what is wrong, and nothing is half-written.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { assertScimError, GROUP_SCHEMA, PATCH_SCHEMA, scimSetup, type ScimSetup, USER_SCHEMA } from './scim.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`SCIM refusals [${dialect}]`, () => {
    let server: TestServer;
    let setup: ScimSetup;
    let scimId: string;
    before(async () => {
      server = await startServer(dialect);
      setup = await scimSetup(server, 'refuse-co');
      scimId = (await setup.scim('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'kim@refuse-co.example' })).body.id;
    });
    after(() => server.close());

    const counts = async () => {
      const db = server.database.db.kysely;
      const n = async (table: 'users' | 'scim_users' | 'scim_groups' | 'scim_group_members' | 'events') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        users: await n('users'),
        scimUsers: await n('scim_users'),
        groups: await n('scim_groups'),
        members: await n('scim_group_members'),
        events: await n('events'),
      };
    };

    it('answers 401 with a SCIM error and a Bearer challenge to a missing or wrong token', async () => {
      const none = await fetch(`${setup.base}/Users`);
      assert.equal(none.status, 401);
      assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
      assertScimError(await setup.scim('GET', '/Users', undefined, 'scim_not-a-token'), 401);
    });

    it('refuses a user without userName as invalidValue', async () => {
      const before = await counts();
      const res = await setup.scim('POST', '/Users', { schemas: [USER_SCHEMA], emails: [{ value: 'x@refuse-co.example' }] });
      assertScimError(res, 400, 'invalidValue');
      assert.match(res.body.detail, /userName/);
      assert.deepEqual(await counts(), before);
    });

    it('refuses a filter that does not parse as invalidFilter', async () => {
      assertScimError(await setup.scim('GET', `/Users?filter=${encodeURIComponent('userName eq')}`), 400, 'invalidFilter');
    });

    it('refuses JSON that does not parse as invalidSyntax', async () => {
      assertScimError(await setup.scim('POST', '/Users', '{"userName": '), 400, 'invalidSyntax');
    });

    it('refuses an unknown PATCH op and leaves the user as it was', async () => {
      const before = (await setup.scim('GET', `/Users/${scimId}`)).body;
      const res = await setup.scim('PATCH', `/Users/${scimId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [
          { op: 'replace', path: 'displayName', value: 'Changed' },
          { op: 'move', path: 'displayName' },
        ],
      });
      assertScimError(res, 400, 'invalidSyntax');
      assert.deepEqual((await setup.scim('GET', `/Users/${scimId}`)).body, before);
    });

    it('refuses a PATCH that empties userName and keeps the whole PATCH out', async () => {
      const before = await counts();
      const res = await setup.scim('PATCH', `/Users/${scimId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [
          { op: 'replace', path: 'displayName', value: 'Half written?' },
          { op: 'remove', path: 'userName' },
        ],
      });
      assertScimError(res, 400, 'invalidValue');
      assert.equal((await setup.scim('GET', `/Users/${scimId}`)).body.displayName, undefined);
      assert.deepEqual(await counts(), before);
    });

    it('refuses a non-boolean active', async () => {
      assertScimError(
        await setup.scim('PATCH', `/Users/${scimId}`, {
          schemas: [PATCH_SCHEMA],
          Operations: [{ op: 'replace', path: 'active', value: 'maybe' }],
        }),
        400,
        'invalidValue',
      );
    });

    it('refuses a group with an unknown member and writes no group', async () => {
      const before = await counts();
      const res = await setup.scim('POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: 'Ghosts',
        members: [{ value: scimId }, { value: 'nobody' }],
      });
      assertScimError(res, 400, 'invalidValue');
      assert.match(res.body.detail, /members\[1\]\.value/);
      assert.deepEqual(await counts(), before);
    });

    it('answers 409 uniqueness to a duplicate group name and 404 to an unknown id', async () => {
      assert.equal((await setup.scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Ops' })).status, 201);
      assertScimError(await setup.scim('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'OPS' }), 409, 'uniqueness');
      assertScimError(await setup.scim('GET', '/Users/0b7a6e9c-0000-0000-0000-000000000000'), 404);
      assertScimError(await setup.scim('DELETE', '/Groups/0b7a6e9c-0000-0000-0000-000000000000'), 404);
    });

    it("does not show one connection's users to another connection's token", async () => {
      const other = await scimSetup(server, 'refuse-other');
      const res = await other.scim('GET', `/Users/${scimId}`);
      assertScimError(res, 404);
      const list = await other.scim('GET', '/Users');
      assert.equal(list.body.totalResults, 0);
    });
  });
}
