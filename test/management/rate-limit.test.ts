import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/http/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

for (const dialect of DIALECTS) {
  describe(`Management API rate limit [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_MGMT_RATE_LIMIT: '4', GATEHOUSE_MGMT_RATE_WINDOW: '3600' } });
    });
    after(async () => {
      await server.close();
    });

    it('sends X-RateLimit headers on every response and 429 once the limit is spent, counting across processes', async () => {
      const token = await server.token();
      const first = await server.api('GET', '/organizations', undefined, token);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('x-ratelimit-limit'), '4');
      assert.equal(first.headers.get('x-ratelimit-remaining'), '3');
      const reset = Number(first.headers.get('x-ratelimit-reset'));
      assert.ok(reset > Date.now() / 1000 && reset <= Date.now() / 1000 + 3600);

      // A second Gatehouse process over the same database shares the counter.
      const other = await buildApp({ config: server.config, db: server.database.db.kysely, logger: false });
      const viaOther = await other.app.inject({
        method: 'GET',
        url: '/api/v2/organizations',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(viaOther.statusCode, 200);
      assert.equal(viaOther.headers['x-ratelimit-remaining'], '2');
      await other.app.close();

      assert.equal((await server.api('GET', '/organizations', undefined, token)).status, 200);
      assert.equal((await server.api('GET', '/organizations', undefined, token)).status, 200);
      const limited = await server.api('GET', '/organizations', undefined, token);
      assert.equal(limited.status, 429);
      assert.equal(limited.body.errorCode, 'too_many_requests');
      assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    });

    it('counts each application separately', async () => {
      const token = await server.token(['read:organizations']);
      const res = await server.api('GET', '/organizations', undefined, token);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-ratelimit-remaining'), '3');
    });
  });
}
