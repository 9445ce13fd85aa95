// A SCIM user is the user their SAML login reaches (the user id attribute is the NameID); when SCIM
// deactivates them, their refresh token stops working and their next SAML login is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import type { Page } from '../helpers/browser-agent.js';
import { CALLBACK, authorize, createAgent, exchange, registerApp } from '../login/login.fixtures.js';
import { PATCH_SCHEMA, samlIdp, scimSetup, type ScimSetup, USER_SCHEMA } from './scim.fixtures.js';

const invalidGrant = (error: unknown) => (error as { error?: string }).error === 'invalid_grant';
const buttonHref = (page: Page) => new URL(/href="([^"]+\/sso\/con_[^"]+)"/.exec(page.html)![1], page.url).toString();

for (const dialect of DIALECTS) {
  describe(`SCIM deactivation ends access [${dialect}]`, () => {
    let server: TestServer;
    let setup: ScimSetup;
    let app: Awaited<ReturnType<typeof registerApp>>;
    before(async () => {
      server = await startServer(dialect);
      setup = await scimSetup(server, 'deact-co');
      const shown = await server.api('POST', `/organizations/${setup.organizationId}/enabled_connections`, {
        connection_id: setup.connectionId,
        assign_membership_on_login: true,
        show_as_button: true,
      });
      assert.equal(shown.status, 201, JSON.stringify(shown.body));
      app = await registerApp(server, { organization_usage: 'allow' });
    });
    after(() => server.close());

    async function samlSignIn(nameId: string) {
      const agent = createAgent();
      const flow = await authorize(app.config, agent, { organization: setup.organizationId });
      const hop = await agent.go(buttonHref(flow.page), { stopAt: samlIdp.ssoUrl });
      assert.ok(hop.url.startsWith(samlIdp.ssoUrl), `${hop.status} ${hop.html.slice(0, 300)}`);
      const metadata = await (await fetch(`${server.url}/saml/${setup.connectionId}/metadata`)).text();
      const SAMLResponse = await samlIdp.respond(metadata, hop.url, { nameId, attributes: { email: nameId } });
      const page = await agent.go(`${server.url}/login/sso/saml/${setup.connectionId}/acs`, {
        form: { SAMLResponse, RelayState: new URL(hop.url).searchParams.get('RelayState') ?? '' },
        stopAt: CALLBACK,
      });
      return { flow, page };
    }

    it('reaches the SCIM user by SAML, then refuses the refresh token and the next login once SCIM deactivates them', async () => {
      const created = await setup.scim('POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: 'kim@deact-co.example',
        emails: [{ primary: true, value: 'kim@deact-co.example' }],
        active: true,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const userId = (
        await server.database.db.kysely
          .selectFrom('scim_users')
          .select('user_id')
          .where('id', '=', created.body.id)
          .executeTakeFirstOrThrow()
      ).user_id;

      const first = await samlSignIn('kim@deact-co.example');
      assert.ok(first.page.url.startsWith(CALLBACK), `${first.page.status} ${first.page.html.slice(0, 500)}`);
      const tokens = await exchange(app.config, first.page.url, first.flow);
      assert.equal(tokens.claims()!.sub, userId, 'the login reached the pre-provisioned user');
      assert.equal(tokens.claims()!.org_id, setup.organizationId);
      assert.ok(tokens.refresh_token);
      const identities = await server.database.db.kysely
        .selectFrom('identities')
        .select('user_id')
        .where('connection_id', '=', setup.connectionId)
        .execute();
      assert.deepEqual(identities, [{ user_id: userId }], 'no second user was made at login');

      const off = await setup.scim('PATCH', `/Users/${created.body.id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: 'replace', value: { active: false } }],
      });
      assert.equal(off.status, 200, JSON.stringify(off.body));

      await assert.rejects(oidc.refreshTokenGrant(app.config, tokens.refresh_token!), invalidGrant);
      const second = await samlSignIn('kim@deact-co.example');
      assert.equal(second.page.status, 403, second.page.html.slice(0, 500));
      assert.match(second.page.html, /This account is blocked/);
    });
  });
}
