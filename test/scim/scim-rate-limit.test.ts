import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { assertScimError, scimSetup, type ScimSetup } from './scim.fixtures.js';

const LIMIT = 3;

// GATEHOUSE_SCIM_RATE_LIMIT requests per SCIM token per minute, counted in the database. The
// server's clock is frozen one second into a minute, so the window is the test's to move.
for (const dialect of DIALECTS) {
  describe(`SCIM rate limit per token [${dialect}]`, () => {
    let server: TestServer;
    let setup: ScimSetup;
    let now = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 1000);
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_SCIM_RATE_LIMIT: String(LIMIT) }, clock: { now: () => now } });
      setup = await scimSetup(server, 'rate-co');
    });
    after(async () => {
      await server?.close();
    });

    it('answers 429 with a SCIM error and Retry-After past the limit, for that token only, until the window ends', async () => {
      for (let i = 0; i < LIMIT; i += 1) {
        const res = await setup.scim('GET', '/Users');
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.headers.get('x-ratelimit-remaining'), String(LIMIT - i - 1));
      }
      const refused = await setup.scim('GET', '/Users');
      assertScimError(refused, 429);
      assert.equal(refused.headers.get('retry-after'), '59');
      assert.match(refused.body.detail, /Retry-After/);

      const other = await server.api('POST', `/connections/${setup.connectionId}/scim-configuration/tokens`, {});
      assert.equal(other.status, 201, JSON.stringify(other.body));
      assert.equal((await setup.scim('GET', '/Users', undefined, other.body.token)).status, 200, 'another token counts alone');

      now = new Date(now.getTime() + 60_000);
      assert.equal((await setup.scim('GET', '/Users')).status, 200, 'the next window starts afresh');
    });

    it('checks the token before counting: an unknown token is 401, never 429', async () => {
      for (let i = 0; i <= LIMIT; i += 1) assertScimError(await setup.scim('GET', '/Users', undefined, 'not-a-token'), 401);
    });
  });
}
