import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { CALLBACK, authorize, createAgent, exchange, formAction, inputValue, registerApp } from '../login/login.fixtures.js';
import { ACCOUNT, CLIENT_ID, CLIENT_SECRET, startTestIdp, type TestIdp } from './oidc-idp.fixtures.js';

// Full round trips: application → Gatehouse login → a second oidc-provider as the customer's IdP → back.
for (const dialect of DIALECTS) {
  describe(`enterprise sign-in through an OIDC connection [${dialect}]`, () => {
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

    async function oidcConnection(name: string, options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
      const res = await server.api('POST', '/connections', {
        name,
        strategy: 'oidc',
        ...extra,
        options: { issuer: idp.issuer, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, domain_aliases: [], ...options },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { id: string; name: string };
    }

    it("creates the user just in time through the organization's button and puts org_id in the ID token", async () => {
      const org = (await server.api('POST', '/organizations', { name: 'oidc-jit' })).body;
      const conn = await oidcConnection('oidc-jit-idp', { domain_aliases: ['acme.test'] });
      await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: conn.id,
        assign_membership_on_login: true,
        show_as_button: true,
      });
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const button = /href="([^"]+\/sso\/con_[^"]+)"/.exec(flow.page.html);
      assert.ok(button, 'the connection shows as a button');
      const callback = await agent.go(new URL(button[1], flow.page.url).toString(), { stopAt: CALLBACK });
      assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 500)}`);
      const claims = (await exchange(config, callback.url, flow)).claims()!;
      assert.equal(claims.org_id, org.id);
      assert.equal(claims.email, ACCOUNT.email.toLowerCase());
      assert.match(String(claims.sub), /^oidc\|oidc-jit-idp\|[0-9a-f]{24}$/);
      const user = (await server.api('GET', `/users/${encodeURIComponent(String(claims.sub))}`)).body;
      assert.equal(user.email_verified, true, "acme.test is one of the connection's domains");
    });

    it("accepts an invitation through the connection: the invitee joins with the invitation's roles, without membership on login", async () => {
      const org = (await server.api('POST', '/organizations', { name: 'oidc-invite' })).body;
      const conn = await oidcConnection('oidc-invite-idp');
      await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: conn.id,
        assign_membership_on_login: false,
        show_as_button: true,
      });
      const role = (await server.api('POST', '/roles', { name: 'oidc-invited-editor' })).body;
      const { client, config } = await registerApp(server, { organization_usage: 'allow' });
      const invitation = (
        await server.api('POST', `/organizations/${org.id}/invitations`, {
          inviter: { name: 'Ada Admin' },
          invitee: { email: ACCOUNT.email },
          client_id: client.client_id,
          roles: [role.id],
          send_invitation_email: false,
        })
      ).body;
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id, invitation: invitation.ticket_id });
      const button = /href="([^"]+\/sso\/con_[^"]+)"/.exec(flow.page.html);
      assert.ok(button, 'the connection shows as a button');
      const callback = await agent.go(new URL(button[1], flow.page.url).toString(), { stopAt: CALLBACK });
      assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 500)}`);
      const claims = (await exchange(config, callback.url, flow)).claims()!;
      assert.equal(claims.org_id, org.id);
      const roles = (await server.api('GET', `/organizations/${org.id}/members/${encodeURIComponent(String(claims.sub))}/roles`)).body as {
        id: string;
      }[];
      assert.deepEqual(
        roles.map((r) => r.id),
        [role.id],
      );
    });

    it("maps claims through the connection's attribute_map", async () => {
      const org = (await server.api('POST', '/organizations', { name: 'oidc-map' })).body;
      const bad = await server.api('POST', '/connections', {
        name: 'oidc-map-bad',
        strategy: 'oidc',
        options: { issuer: idp.issuer, attribute_map: { mapping_mode: 'nope' } },
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /on property options\.attribute_map\.mapping_mode\.$/);
      const conn = await oidcConnection('oidc-map-idp', {
        scope: 'openid profile email groups',
        attribute_map: { mapping_mode: 'use_map', attributes: { email: 'upn' } },
      });
      await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: conn.id,
        assign_membership_on_login: true,
      });
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const callback = await agent.go(new URL(/href="([^"]+\/sso\/con_[^"]+)"/.exec(flow.page.html)![1], flow.page.url).toString(), {
        stopAt: CALLBACK,
      });
      assert.equal((await exchange(config, callback.url, flow)).claims()!.email, ACCOUNT.upn);
    });

    it('routes by home realm discovery to an organization-owned connection and lands in that organization', async () => {
      const org = (await server.api('POST', '/organizations', { name: 'oidc-hrd' })).body;
      await oidcConnection('oidc-hrd-idp', { domain_aliases: ['hrd.example'] }, { organization_id: org.id });
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent);
      const callback = await agent.go(formAction(flow.page), {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), email: 'someone@HRD.example' },
        stopAt: CALLBACK,
      });
      assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 500)}`);
      assert.equal((await exchange(config, callback.url, flow)).claims()!.org_id, org.id);
    });

    it('refuses an organization-owned connection in another organization', async () => {
      const owner = (await server.api('POST', '/organizations', { name: 'oidc-owner' })).body;
      const other = (await server.api('POST', '/organizations', { name: 'oidc-other' })).body;
      const conn = await oidcConnection('oidc-owned-idp', {}, { organization_id: owner.id });
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: other.id });
      const page = await agent.go(new URL(`/login/${flow.page.url.split('/login/')[1]}/sso/${conn.id}`, server.url).toString());
      assert.equal(page.status, 400);
      assert.match(page.html, /not enabled for the organization/);
    });

    it('shows "We can\'t find your account" when JIT is off and nobody was pre-provisioned', async () => {
      const org = (await server.api('POST', '/organizations', { name: 'oidc-nojit' })).body;
      const conn = await oidcConnection('oidc-nojit-idp', { is_create_missing_user: false });
      await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: conn.id,
        assign_membership_on_login: true,
      });
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const page = await agent.go(new URL(/href="([^"]+\/sso\/con_[^"]+)"/.exec(flow.page.html)![1], flow.page.url).toString());
      assert.equal(page.status, 403);
      assert.match(page.html, /We can&#39;t find your account/);
      const back = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf') }, stopAt: CALLBACK });
      const params = new URL(back.url).searchParams;
      assert.equal(params.get('error'), 'access_denied');
      assert.equal(params.get('error_code'), 'account_not_found');
    });

    it("says plainly when the connection's client secret is wrong", async () => {
      const org = (await server.api('POST', '/organizations', { name: 'oidc-badsecret' })).body;
      const conn = await oidcConnection('oidc-badsecret-idp', { client_secret: 'not-the-secret-at-all-0123456789' });
      await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: conn.id,
        assign_membership_on_login: true,
      });
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const page = await agent.go(new URL(/href="([^"]+\/sso\/con_[^"]+)"/.exec(flow.page.html)![1], flow.page.url).toString());
      assert.match(page.html, /rejected Gatehouse&#39;s client ID or secret for the connection &quot;oidc-badsecret-idp&quot;/);
    });
  });
}
