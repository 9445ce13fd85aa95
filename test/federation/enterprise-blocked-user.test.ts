// A blocked user who signs in through an enterprise connection (SAML or OIDC) is refused with a page
// that says so, and the application receives access_denied (with error_code user_blocked), as for a password.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { CALLBACK, PASSWORD, authorize, createAgent, exchange, formAction, inputValue, registerApp } from '../login/login.fixtures.js';
import type { Agent, Page } from '../helpers/browser-agent.js';
import { createTestIdp } from './saml-idp.js';
import { CLIENT_ID, CLIENT_SECRET, startTestIdp, type TestIdp } from './oidc-idp.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`a blocked user signing in through an enterprise connection [${dialect}]`, () => {
    let server: TestServer;
    let oidcIdp: TestIdp;
    const samlIdp = createTestIdp();
    before(async () => {
      server = await startServer(dialect);
      oidcIdp = await startTestIdp({ idTokenCarriesClaims: true, redirectUris: [`${server.url}/login/sso/oidc/callback`] });
    });
    after(async () => {
      await oidcIdp.close();
      await server.close();
    });

    /** An organization with the connection enabled (membership on login) and an application allowing organizations. */
    async function organizationWith(name: string, connectionId: string) {
      const org = (await server.api('POST', '/organizations', { name })).body;
      await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: connectionId,
        assign_membership_on_login: true,
        show_as_button: true,
      });
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      return { org, config };
    }

    const buttonHref = (page: Page) => new URL(/href="([^"]+\/sso\/con_[^"]+)"/.exec(page.html)![1], page.url).toString();

    async function block(userId: string) {
      const res = await server.api('PATCH', `/users/${encodeURIComponent(userId)}`, { blocked: true });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }

    /** The refusal page: its text, and its button returning access_denied + user_blocked to the application. */
    async function assertBlockedRefusal(agent: Agent, page: Page) {
      assert.equal(page.status, 403, page.html.slice(0, 800));
      assert.match(page.html, /<h1[^>]*>This account is blocked<\/h1>/);
      assert.match(page.html, /This account is blocked\. Contact your administrator\./);
      assert.doesNotMatch(page.html, /Something went wrong/);
      const back = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf') }, stopAt: CALLBACK });
      assert.ok(back.url.startsWith(CALLBACK), `${back.status} ${back.url} ${back.html.slice(0, 500)}`);
      const params = new URL(back.url).searchParams;
      assert.equal(params.get('error'), 'access_denied');
      assert.equal(params.get('error_code'), 'user_blocked');
      assert.equal(params.get('code'), null);
    }

    describe('SAML', () => {
      async function samlSignIn(
        orgId: string,
        config: Awaited<ReturnType<typeof registerApp>>['config'],
        connectionId: string,
        nameId: string,
      ) {
        const agent = createAgent();
        const flow = await authorize(config, agent, { organization: orgId });
        const hop = await agent.go(buttonHref(flow.page), { stopAt: samlIdp.ssoUrl });
        assert.ok(hop.url.startsWith(samlIdp.ssoUrl), `${hop.status} ${hop.html.slice(0, 300)}`);
        const metadata = await (await fetch(`${server.url}/saml/${connectionId}/metadata`)).text();
        const SAMLResponse = await samlIdp.respond(metadata, hop.url, { nameId, attributes: { email: nameId } });
        const page = await agent.go(`${server.url}/login/sso/saml/${connectionId}/acs`, {
          form: { SAMLResponse, RelayState: new URL(hop.url).searchParams.get('RelayState') ?? '' },
          stopAt: CALLBACK,
        });
        return { agent, flow, page };
      }

      it('refuses with "This account is blocked" and returns access_denied to the application', async () => {
        const conn = (
          await server.api('POST', '/connections', {
            name: 'blocked-saml-idp',
            strategy: 'samlp',
            options: { signInEndpoint: samlIdp.ssoUrl, signingCert: samlIdp.cert, entityId: samlIdp.entityId },
          })
        ).body;
        const { org, config } = await organizationWith('blocked-saml', conn.id);
        const first = await samlSignIn(org.id, config, conn.id, 'kim@blocked-saml.example');
        assert.ok(first.page.url.startsWith(CALLBACK), `${first.page.status} ${first.page.html.slice(0, 500)}`);
        const userId = String((await exchange(config, first.page.url, first.flow)).claims()!.sub);
        await block(userId);

        const second = await samlSignIn(org.id, config, conn.id, 'kim@blocked-saml.example');
        await assertBlockedRefusal(second.agent, second.page);
        const user = (await server.api('GET', `/users/${encodeURIComponent(userId)}`)).body;
        assert.equal(user.logins_count, 1, 'the refused login is not counted');
      });

      it("leaves a blocked user's identities as they were when the connection would merge by trusted email", async () => {
        const conn = (
          await server.api('POST', '/connections', {
            name: 'blocked-merge-idp',
            strategy: 'samlp',
            options: {
              signInEndpoint: samlIdp.ssoUrl,
              signingCert: samlIdp.cert,
              entityId: samlIdp.entityId,
              is_trusted: true,
              domain_aliases: ['blocked-merge.example'],
            },
          })
        ).body;
        await server.api('POST', '/connections', { name: 'blocked-merge-db', strategy: 'auth0' });
        const user = (
          await server.api('POST', '/users', {
            connection: 'blocked-merge-db',
            email: 'lee@blocked-merge.example',
            password: PASSWORD,
            blocked: true,
          })
        ).body;
        assert.equal(user.blocked, true, JSON.stringify(user));
        const { org, config } = await organizationWith('blocked-merge', conn.id);

        const { agent, page } = await samlSignIn(org.id, config, conn.id, 'lee@blocked-merge.example');
        await assertBlockedRefusal(agent, page);
        const stored = (await server.api('GET', `/users/${encodeURIComponent(user.user_id)}`)).body;
        assert.deepEqual(
          stored.identities.map((i: { connection: string }) => i.connection),
          ['blocked-merge-db'],
          'the merge was rolled back',
        );
        assert.equal(stored.logins_count, 0);
        const members = (await server.api('GET', `/organizations/${org.id}/members`)).body;
        assert.deepEqual(members, [], 'no membership was added');
      });
    });

    describe('OIDC', () => {
      it('refuses with "This account is blocked" and returns access_denied to the application', async () => {
        const conn = (
          await server.api('POST', '/connections', {
            name: 'blocked-oidc-idp',
            strategy: 'oidc',
            options: { issuer: oidcIdp.issuer, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, domain_aliases: [] },
          })
        ).body;
        const { org, config } = await organizationWith('blocked-oidc', conn.id);
        const agent = createAgent();
        const flow = await authorize(config, agent, { organization: org.id });
        const callback = await agent.go(buttonHref(flow.page), { stopAt: CALLBACK });
        assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 500)}`);
        const userId = String((await exchange(config, callback.url, flow)).claims()!.sub);
        await block(userId);

        const fresh = createAgent();
        const again = await authorize(config, fresh, { organization: org.id });
        const page = await fresh.go(buttonHref(again.page), { stopAt: CALLBACK });
        await assertBlockedRefusal(fresh, page);
      });

      /** A user signed in through the connection (live session on `agent`), then blocked. */
      async function blockedWithSession(name: string) {
        const conn = (
          await server.api('POST', '/connections', {
            name: `${name}-idp`,
            strategy: 'oidc',
            options: { issuer: oidcIdp.issuer, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, domain_aliases: [] },
          })
        ).body;
        const { org, config } = await organizationWith(name, conn.id);
        const agent = createAgent();
        const flow = await authorize(config, agent, { organization: org.id });
        const callback = await agent.go(buttonHref(flow.page), { stopAt: CALLBACK });
        assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 500)}`);
        const userId = String((await exchange(config, callback.url, flow)).claims()!.sub);
        // The session is live: a silent request gets a code before the user is blocked.
        const silent = await authorize(config, agent, { organization: org.id, prompt: 'none' });
        assert.ok(new URL(silent.page.url).searchParams.get('code'), `${silent.page.status} ${silent.page.url}`);
        await block(userId);
        return { org, config, agent };
      }

      it('gives a blocked user with a live session no code through prompt=none', async () => {
        const { org, config, agent } = await blockedWithSession('blocked-session');
        const refused = await authorize(config, agent, { organization: org.id, prompt: 'none' });
        assert.equal(new URL(refused.page.url).searchParams.get('code'), null, refused.page.url);
      });

      it('answers prompt=none for a blocked user with a live session with login_required', async () => {
        const { org, config, agent } = await blockedWithSession('blocked-silent');
        const refused = await authorize(config, agent, { organization: org.id, prompt: 'none' });
        assert.ok(refused.page.url.startsWith(CALLBACK), `${refused.page.status} ${refused.page.url} ${refused.page.html.slice(0, 300)}`);
        assert.equal(new URL(refused.page.url).searchParams.get('error'), 'login_required');
      });
    });
  });
}
