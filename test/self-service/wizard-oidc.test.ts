import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { ACCOUNT, CLIENT_ID, CLIENT_SECRET, startTestIdp, type TestIdp } from '../federation/oidc-idp.fixtures.js';
import { CALLBACK, authorize, createAgent, exchange, inputValue, registerApp } from '../login/login.fixtures.js';

// The wizard over the wire on every dialect with an OpenID Connect IdP (a second oidc-provider):
// configure it by discovery URL, test it through the login's fixed redirect URI, finish without
// domain verification, and sign in to the organization through the new connection.
for (const dialect of DIALECTS) {
  describe(`self-service SSO wizard with an OpenID Connect IdP [${dialect}]`, () => {
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

    it('configures, tests and finishes an OIDC connection that then signs people in to the organization', async () => {
      const profile = (await server.api('POST', '/self-service-profiles', { name: 'OIDC vendor', allowed_strategies: ['oidc'] })).body;
      const org = (await server.api('POST', '/organizations', { name: 'wizard-oidc' })).body;
      const { client, config } = await registerApp(server, { organization_usage: 'allow' });
      const created = await server.api('POST', `/self-service-profiles/${profile.id}/sso-ticket`, {
        connection_config: { name: 'wizard-oidc-idp' },
        enabled_clients: [client.client_id],
        enabled_organizations: [{ organization_id: org.id, assign_membership_on_login: true, show_as_button: true }],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));

      const agent = createAgent();
      const provider = await agent.go(created.body.ticket);
      assert.equal(provider.url, `${server.url}/self-service/setup/provider`);
      const csrf = inputValue(provider.html, '_csrf');
      const configure = await agent.go(`${server.url}/self-service/setup/provider`, { form: { _csrf: csrf, strategy: 'oidc' } });
      assert.match(configure.html, /Connect OpenID Connect/);
      assert.ok(configure.html.includes(`${server.url}/login/sso/oidc/callback`), 'the redirect URI to register is shown');

      // A client ID without its secret is refused next to the field.
      const missing = await agent.go(`${server.url}/self-service/setup/configure`, {
        form: { _csrf: csrf, discovery_url: `${idp.issuer}/.well-known/openid-configuration`, client_id: CLIENT_ID },
      });
      assert.equal(missing.status, 400);
      assert.match(missing.html, /id="client_secret-error">Enter the client secret\.</);

      const test = await agent.go(`${server.url}/self-service/setup/configure`, {
        form: {
          _csrf: csrf,
          discovery_url: `${idp.issuer}/.well-known/openid-configuration`,
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
        },
      });
      assert.equal(test.url, `${server.url}/self-service/setup/test`);
      assert.match(test.html, /Test sign-in/);

      const tested = await agent.go(`${server.url}/self-service/setup/test/start`);
      assert.equal(tested.url, `${server.url}/self-service/setup/test`, tested.html.slice(0, 400));
      assert.match(tested.html, /The test sign-in worked\./);
      assert.ok(tested.html.includes(`<td>${ACCOUNT.sub}</td>`), 'the claims the IdP sent are shown');
      assert.ok(idp.requests.includes('/token'), 'the code was exchanged at the IdP');

      const done = await agent.go(`${server.url}/self-service/setup/finish`, { form: { _csrf: csrf } });
      assert.equal(done.status, 200);
      assert.match(done.html, /Single sign-on is set up/);
      assert.equal((await agent.go(`${server.url}/self-service/setup/test`)).status, 410, 'the session ends with the setup');

      const enabled = await server.api('GET', `/organizations/${org.id}/enabled_connections`);
      assert.deepEqual(
        enabled.body.map((c: { connection: { name: string }; assign_membership_on_login: boolean; show_as_button: boolean }) => [
          c.connection.name,
          c.assign_membership_on_login,
          c.show_as_button,
        ]),
        [['wizard-oidc-idp', true, true]],
      );

      const person = createAgent();
      const flow = await authorize(config, person, { organization: org.id });
      const button = /href="([^"]+\/sso\/con_[^"]+)"/.exec(flow.page.html);
      assert.ok(button, 'the new connection shows as a button in the organization');
      const callback = await person.go(new URL(button[1], flow.page.url).toString(), { stopAt: CALLBACK });
      assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 300)}`);
      const claims = (await exchange(config, callback.url, flow)).claims()!;
      assert.equal(claims.org_id, org.id);
      assert.match(String(claims.sub), /^oidc\|wizard-oidc-idp\|/);

      const events = await server.database.db.kysely
        .selectFrom('events')
        .select(['action', 'actor_type'])
        .where('action', 'like', 'sso_ticket_%')
        .orderBy('date')
        .execute();
      assert.deepEqual(
        events.map((e) => [e.action, e.actor_type]),
        [
          ['sso_ticket_created', 'client'],
          ['sso_ticket_opened', 'sso_ticket'],
          ['sso_ticket_tested', 'sso_ticket'],
          ['sso_ticket_completed', 'sso_ticket'],
        ],
      );
    });
  });
}
