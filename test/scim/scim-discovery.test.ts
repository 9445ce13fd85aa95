// The discovery endpoints (RFC 7644 §4) and attribute selection (§3.9), as IdPs read them when an
// administrator tests the connection.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, scimSetup, type ScimSetup, USER_SCHEMA } from './scim.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`SCIM discovery and attribute selection [${dialect}]`, () => {
    let server: TestServer;
    let setup: ScimSetup;
    before(async () => {
      server = await startServer(dialect);
      setup = await scimSetup(server, 'disco-co');
    });
    after(() => server.close());

    it('serves ServiceProviderConfig with PATCH and filter supported, bulk and sort not', async () => {
      const res = await setup.scim('GET', '/ServiceProviderConfig');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/scim\+json/);
      assert.deepEqual(res.body.schemas, ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
      assert.equal(res.body.patch.supported, true);
      assert.equal(res.body.filter.supported, true);
      assert.equal(res.body.bulk.supported, false);
      assert.equal(res.body.authenticationSchemes[0].type, 'oauthbearertoken');
    });

    it('serves the User and Group resource types and their schemas, with the enterprise extension', async () => {
      const types = await setup.scim('GET', '/ResourceTypes');
      assert.deepEqual(
        types.body.Resources.map((t: { id: string; endpoint: string }) => [t.id, t.endpoint]),
        [
          ['User', '/Users'],
          ['Group', '/Groups'],
        ],
      );
      assert.deepEqual(types.body.Resources[0].schemaExtensions, [{ schema: ENTERPRISE_SCHEMA, required: false }]);
      const schemas = await setup.scim('GET', '/Schemas');
      assert.deepEqual(
        schemas.body.Resources.map((s: { id: string }) => s.id),
        [USER_SCHEMA, ENTERPRISE_SCHEMA, GROUP_SCHEMA],
      );
      const user = await setup.scim('GET', `/Schemas/${USER_SCHEMA}`);
      const userName = user.body.attributes.find((a: { name: string }) => a.name === 'userName');
      assert.equal(userName.required, true);
      assert.equal(userName.uniqueness, 'server');
    });

    it('returns only the attributes asked for, or all but the excluded ones', async () => {
      const created = await setup.scim('POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: 'sel@disco-co.example',
        displayName: 'Sel',
        title: 'Dr',
      });
      const only = await setup.scim('GET', `/Users/${created.body.id}?attributes=userName`);
      assert.deepEqual(Object.keys(only.body).sort(), ['id', 'meta', 'schemas', 'userName']);
      const without = await setup.scim('GET', `/Users?excludedAttributes=title,displayName`);
      assert.equal(without.body.Resources[0].title, undefined);
      assert.equal(without.body.Resources[0].displayName, undefined);
      assert.equal(without.body.Resources[0].userName, 'sel@disco-co.example');
    });

    it('pages with startIndex and count and filters on other attributes', async () => {
      for (const n of [1, 2, 3]) {
        await setup.scim('POST', '/Users', {
          schemas: [USER_SCHEMA],
          userName: `page${n}@disco-co.example`,
          title: n === 2 ? 'Lead' : 'Dev',
        });
      }
      const page = await setup.scim('GET', '/Users?startIndex=2&count=2');
      assert.equal(page.body.totalResults, 4);
      assert.equal(page.body.startIndex, 2);
      assert.equal(page.body.itemsPerPage, 2);
      const lead = await setup.scim('GET', `/Users?filter=${encodeURIComponent('title eq "Lead" and userName sw "page"')}`);
      assert.deepEqual(
        lead.body.Resources.map((u: { userName: string }) => u.userName),
        ['page2@disco-co.example'],
      );
    });
  });
}
