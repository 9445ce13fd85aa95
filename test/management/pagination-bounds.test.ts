import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { createOrganization, createRole, createUser } from './memberships.factories.js';
import { userPath } from './users.factories.js';

// Paging parameters out of bounds are a 400 on every list route, on both dialects: a page index such
// as 1e308 used to reach SQL as an overflowing OFFSET and come back as a 500.
for (const dialect of DIALECTS) {
  describe(`Management API paging bounds [${dialect}]`, () => {
    let server: TestServer;
    let lists: string[];
    before(async () => {
      server = await startServer(dialect);
      const org = await createOrganization(server);
      const user = await createUser(server);
      const role = await createRole(server);
      assert.equal((await server.api('POST', `/organizations/${org}/members`, { members: [user] })).status, 204);
      lists = [
        '/organizations',
        '/users',
        '/roles',
        '/connections',
        '/clients',
        '/client-grants',
        '/resource-servers',
        `/organizations/${org}/members`,
        `/organizations/${org}/invitations`,
        `/organizations/${org}/enabled_connections`,
        `/organizations/${org}/members/${encodeURIComponent(user)}/roles`,
        `/roles/${role}/permissions`,
        userPath(user, '/organizations'),
        userPath(user, '/roles'),
      ];
    });
    after(async () => {
      await server.close();
    });

    async function expectQueryError(query: string, message: string): Promise<void> {
      for (const path of lists) {
        const res = await server.api('GET', `${path}?${query}`);
        assert.equal(res.status, 400, `${path}?${query}`);
        assert.deepEqual(
          res.body,
          { statusCode: 400, error: 'Bad Request', message, errorCode: 'invalid_query_string' },
          `${path}?${query}`,
        );
      }
    }

    it('answers 400 invalid_query_string for page=1e308', async () => {
      await expectQueryError('page=1e308', "Query validation error: 'Value 1e+308 is greater than maximum 10000000' on property page.");
    });

    it('answers 400 invalid_query_string for page=-1', async () => {
      await expectQueryError('page=-1', "Query validation error: 'Value -1 is less than minimum 0' on property page.");
    });

    it('answers 400 invalid_query_string for page=1.5', async () => {
      await expectQueryError('page=1.5', "Query validation error: 'Expected type integer but found type string' on property page.");
    });

    it('answers 400 invalid_query_string for per_page=101 (Auth0 caps per_page at 100)', async () => {
      await expectQueryError('per_page=101', "Query validation error: 'Value 101 is greater than maximum 100' on property per_page.");
    });

    it('answers 400 invalid_query_string for per_page=0', async () => {
      await expectQueryError('per_page=0', "Query validation error: 'Value 0 is less than minimum 1' on property per_page.");
    });

    it('answers 400 invalid_query_string for take=101 and take=1e308', async () => {
      for (const path of lists.filter((p) => !p.includes('/roles') && !p.includes('enabled_connections') && !p.includes('invitations'))) {
        for (const [take, shown] of [
          ['101', '101'],
          ['1e308', '1e+308'],
        ]) {
          const res = await server.api('GET', `${path}?take=${take}`);
          assert.equal(res.status, 400, `${path}?take=${take}`);
          assert.equal(res.body.message, `Query validation error: 'Value ${shown} is greater than maximum 100' on property take.`);
        }
      }
    });

    it('answers 200 with an empty page at the highest page index and the largest page size', async () => {
      for (const path of lists) {
        const res = await server.api('GET', `${path}?page=10000000&per_page=100&include_totals=true`);
        assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.start, 1_000_000_000);
        assert.equal(res.body.limit, 100);
      }
    });

    it('stays healthy after the refused requests', async () => {
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
      assert.equal((await server.api('GET', '/organizations?page=0&per_page=1')).status, 200);
    });
  });
}
