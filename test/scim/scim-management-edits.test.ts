import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { scimSetup, USER_SCHEMA, type ScimSetup } from './scim.fixtures.js';

// A SCIM user is a Gatehouse user: what the tenant changes through the Management API is what the
// IdP reads back on its next SCIM GET (the mapping runs on the stored user, not on a SCIM copy).
for (const dialect of DIALECTS) {
  describe(`Management API edits seen by SCIM [${dialect}]`, () => {
    let server: TestServer;
    let setup: ScimSetup;
    before(async () => {
      server = await startServer(dialect);
      setup = await scimSetup(server, 'edits-co');
    });
    after(async () => {
      await server?.close();
    });

    it('shows a PATCH of name, given name and blocked in the next SCIM GET of the user', async () => {
      const created = await setup.scim('POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: 'lee@edits-co.example',
        displayName: 'Lee Before',
        name: { givenName: 'Lee' },
        emails: [{ primary: true, value: 'lee@edits-co.example' }],
        active: true,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const { user_id: userId } = await server.database.db.kysely
        .selectFrom('scim_users')
        .select('user_id')
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow();

      const patched = await server.api('PATCH', `/users/${encodeURIComponent(userId)}`, {
        name: 'Lee After',
        given_name: 'Leigh',
        blocked: true,
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));

      const read = await setup.scim('GET', `/Users/${created.body.id}`);
      assert.equal(read.status, 200, JSON.stringify(read.body));
      assert.equal(read.body.displayName, 'Lee After');
      assert.equal(read.body.name?.givenName, 'Leigh');
      assert.equal(read.body.active, false);
      const listed = await setup.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "lee@edits-co.example"')}`);
      assert.equal(listed.body.Resources[0].displayName, 'Lee After');
      assert.equal(listed.body.Resources[0].active, false);
    });
  });
}
