// The account page's server side, no browser: its shell and configuration, the public client and
// user grant that bootstrap makes for it, and the My Account API that bootstrap keeps, on both
// dialects (an existing database gets them on its next start).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { prepare } from '../../src/runtime.js';
import { MY_ACCOUNT_SCOPES } from '../../src/domain/resource-servers/my-account-api.js';
import { ACCOUNT_CLIENT_KEY } from '../../src/domain/bootstrap/account-client.js';

for (const dialect of DIALECTS) {
  describe(`account page serving and bootstrap [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    const accountClientId = async () => server.app.services.settings.accountClientId();

    it('serves the shell at any /account/ path with the console CSP, and its configuration', async () => {
      const shell = await fetch(`${server.url}/account/security?remove=x`);
      assert.equal(shell.status, 200);
      assert.match(shell.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(shell.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.match(await shell.text(), /<title>Your account<\/title>/);

      const res = await fetch(`${server.url}/account/config.json`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), {
        issuer: server.url,
        client_id: await accountClientId(),
        audience: `${server.url}/me/`,
        redirect_uri: `${server.url}/account/callback`,
        scopes: MY_ACCOUNT_SCOPES,
      });
    });

    it('makes the page a public client with a user grant for every My Account scope', async () => {
      const clientId = (await accountClientId())!;
      const client = await server.api('GET', `/clients/${clientId}`);
      assert.equal(client.status, 200, JSON.stringify(client.body));
      assert.equal(client.body.app_type, 'spa');
      assert.equal(client.body.token_endpoint_auth_method, 'none');
      assert.deepEqual(client.body.callbacks, [`${server.url}/account/callback`]);
      const grants = await server.api('GET', `/client-grants?client_id=${clientId}`);
      assert.equal(grants.status, 200, JSON.stringify(grants.body));
      assert.deepEqual(
        grants.body.map((g: { audience: string; scope: string[]; subject_type: string }) => [g.audience, g.scope, g.subject_type]),
        [[`${server.url}/me/`, MY_ACCOUNT_SCOPES, 'user']],
      );
    });

    it('is idempotent, and gives a database without the API or the page both on the next start', async () => {
      const db = server.database.db.kysely;
      const clientId = await accountClientId();
      await prepare(server.config, server.database.db);
      assert.equal(await accountClientId(), clientId, 'the same application');
      const apis = () => db.selectFrom('resource_servers').select('identifier').where('system_api', '=', 'my_account').execute();
      assert.deepEqual(await apis(), [{ identifier: `${server.url}/me/` }]);

      // As a database from before the My Account API: neither the API nor the page's application.
      await db.deleteFrom('resource_servers').where('system_api', '=', 'my_account').execute();
      await db.deleteFrom('settings').where('key', '=', ACCOUNT_CLIENT_KEY).execute();
      await prepare(server.config, server.database.db);
      assert.deepEqual(await apis(), [{ identifier: `${server.url}/me/` }]);
      const made = await accountClientId();
      assert.ok(made && made !== clientId, 'a new application');
      const grants = await server.api('GET', `/client-grants?client_id=${made}`);
      assert.deepEqual(
        grants.body.map((g: { audience: string }) => g.audience),
        [`${server.url}/me/`],
      );
    });
  });
}
