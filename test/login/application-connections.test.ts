import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { ACCOUNT, CLIENT_ID, CLIENT_SECRET, startTestIdp, type TestIdp } from '../federation/oidc-idp.fixtures.js';
import {
  CALLBACK,
  PASSWORD,
  authorize,
  createAgent,
  exchange,
  formAction,
  inputValue,
  registerApp,
  signInWithPassword,
} from './login.fixtures.js';

// Auth0's enabled_clients on the hosted login: an application offers only its connections, while
// home realm discovery still reaches an enterprise connection that is not enabled for it (Kinde).
for (const dialect of DIALECTS) {
  describe(`the login offers the application's connections [${dialect}]`, () => {
    let server: TestServer;
    let idp: TestIdp;
    before(async () => {
      server = await startServer(dialect);
      idp = await startTestIdp({ idTokenCarriesClaims: true, redirectUris: [`${server.url}/login/sso/oidc/callback`] });
    });
    after(async () => {
      await idp.close();
      await server.close();
    });

    /** Two applications; the connection `name` is then enabled for the first only. */
    async function twoApps(connectionId: string) {
      const first = await registerApp(server, { organization_usage: 'allow' });
      const second = await registerApp(server, { organization_usage: 'allow' });
      const res = await server.api('PATCH', `/connections/${connectionId}/clients`, [
        { client_id: first.client.client_id, status: true },
        { client_id: second.client.client_id, status: false },
      ]);
      assert.equal(res.status, 204);
      return { first, second };
    }

    async function oidcConnection(name: string, body: Record<string, unknown> = {}) {
      const res = await server.api('POST', '/connections', {
        name,
        strategy: 'oidc',
        display_name: `${name} SSO`,
        ...body,
        options: {
          issuer: idp.issuer,
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          domain_aliases: [],
          ...(body.options as object),
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { id: string; name: string };
    }

    it("signs in with a password only against the application's database connections", async () => {
      const connection = (await server.api('POST', '/connections', { name: 'app-db', strategy: 'auth0' })).body;
      await server.api('POST', '/users', { connection: 'app-db', email: 'person@app-db.example', password: PASSWORD });
      const { first, second } = await twoApps(connection.id);

      const signedIn = createAgent();
      const allowed = await authorize(first.config, signedIn);
      const callback = await signInWithPassword(signedIn, allowed.page, 'person@app-db.example');
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 500));

      const agent = createAgent();
      const refused = await authorize(second.config, agent);
      const passwordPage = await agent.go(formAction(refused.page), {
        form: { _csrf: inputValue(refused.page.html, '_csrf'), email: 'person@app-db.example' },
      });
      const answer = await agent.go(formAction(passwordPage), {
        form: { _csrf: inputValue(passwordPage.html, '_csrf'), password: PASSWORD },
      });
      assert.equal(answer.status, 401);
      assert.match(answer.html, /Wrong email or password\./);
    });

    it("shows an organization's enterprise button only to applications the connection is enabled for", async () => {
      const org = (await server.api('POST', '/organizations', { name: 'app-buttons' })).body;
      const conn = await oidcConnection('app-buttons-idp');
      await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: conn.id,
        assign_membership_on_login: true,
        show_as_button: true,
      });
      const { first, second } = await twoApps(conn.id);

      const shown = await authorize(first.config, createAgent(), { organization: org.id });
      assert.match(shown.page.html, /app-buttons-idp SSO/);
      const hidden = await authorize(second.config, createAgent(), { organization: org.id });
      assert.equal(hidden.page.status, 200);
      assert.doesNotMatch(hidden.page.html, /app-buttons-idp SSO/);
      assert.doesNotMatch(hidden.page.html, new RegExp(`/sso/${conn.id}`));
    });

    it('refuses a connection the application may not use when opened directly', async () => {
      const conn = await oidcConnection('app-direct-idp', { enabled_clients: [] });
      const { config } = await registerApp(server);
      await server.api('PATCH', `/connections/${conn.id}/clients`, [{ client_id: config.clientMetadata().client_id, status: false }]);
      const agent = createAgent();
      const flow = await authorize(config, agent);
      const page = await agent.go(new URL(formAction(flow.page).replace(/\/identifier$/, `/sso/${conn.id}`)).toString());
      assert.equal(page.status, 400);
      assert.match(page.html, /This connection is not enabled for the application\./);
    });

    it('routes by home realm discovery to an enterprise connection not enabled for the application', async () => {
      const conn = await oidcConnection('app-hrd-idp', { enabled_clients: [], options: { domain_aliases: ['app-hrd.example'] } });
      const { config } = await registerApp(server);
      await server.api('PATCH', `/connections/${conn.id}/clients`, [{ client_id: config.clientMetadata().client_id, status: false }]);
      const agent = createAgent();
      const flow = await authorize(config, agent);
      assert.doesNotMatch(flow.page.html, /app-hrd-idp SSO/);
      const callback = await agent.go(formAction(flow.page), {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), email: 'someone@app-hrd.example' },
        stopAt: CALLBACK,
      });
      assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 500)}`);
      const claims = (await exchange(config, callback.url, flow)).claims()!;
      assert.equal(claims.email, ACCOUNT.email.toLowerCase());
    });
  });
}
