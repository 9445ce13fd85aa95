import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import {
  CALLBACK,
  PASSWORD,
  authorize,
  createAgent,
  exchange,
  formAction,
  inputValue,
  organizationWithMember,
  registerApp,
  signInWithPassword,
} from './login.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`organization prompts [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it('pre_login_prompt asks for the organization name before the sign-in', async () => {
      const { org } = await organizationWithMember(server, 'prelogin');
      const { config } = await registerApp(server, { organization_usage: 'require', organization_require_behavior: 'pre_login_prompt' });
      const agent = createAgent();
      const flow = await authorize(config, agent);
      assert.match(flow.page.html, /Enter your organization/);
      const unknown = await agent.go(formAction(flow.page), {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), organization_name: 'no-such-org' },
      });
      assert.equal(unknown.status, 400);
      assert.match(unknown.html, /could not find an organization named &quot;no-such-org&quot;/);
      assert.match(unknown.html, /aria-describedby="organization_name-error"/);
      const identifier = await agent.go(formAction(unknown), {
        form: { _csrf: inputValue(unknown.html, '_csrf'), organization_name: 'prelogin' },
      });
      assert.match(identifier.html, /prelogin Inc\./);
      const callback = await signInWithPassword(agent, identifier, 'member@prelogin.example');
      const tokens = await exchange(config, callback.url, flow);
      assert.equal(tokens.claims()!.org_id, org.id);
    });

    it("post_login_prompt shows the member's organizations after the sign-in", async () => {
      const first = await organizationWithMember(server, 'picker-a');
      const second = (await server.api('POST', '/organizations', { name: 'picker-b', display_name: 'Picker B' })).body;
      await server.api('POST', `/organizations/${second.id}/members`, { members: [first.member.user_id] });
      await server.api('POST', `/organizations/${second.id}/enabled_connections`, { connection_id: first.connection.id });
      const { config } = await registerApp(server, { organization_usage: 'require', organization_require_behavior: 'post_login_prompt' });
      const agent = createAgent();
      const flow = await authorize(config, agent);
      const picker = await signInWithPassword(agent, flow.page, 'member@picker-a.example');
      assert.match(picker.html, /Choose an organization/);
      assert.match(picker.html, /picker-a Inc\./);
      assert.match(picker.html, /Picker B/);
      const callback = await agent.go(formAction(picker), {
        form: { _csrf: inputValue(picker.html, '_csrf'), organization: second.id },
        stopAt: CALLBACK,
      });
      const tokens = await exchange(config, callback.url, flow);
      assert.equal(tokens.claims()!.org_id, second.id);
    });

    it('post_login_prompt refuses an organization the user does not belong to', async () => {
      const { member } = await organizationWithMember(server, 'picker-c');
      const stranger = (await server.api('POST', '/organizations', { name: 'picker-d' })).body;
      const { config } = await registerApp(server, { organization_usage: 'require', organization_require_behavior: 'post_login_prompt' });
      const agent = createAgent();
      const flow = await authorize(config, agent);
      const picker = await signInWithPassword(agent, flow.page, 'member@picker-c.example');
      const refused = await agent.go(formAction(picker), { form: { _csrf: inputValue(picker.html, '_csrf'), organization: stranger.id } });
      assert.equal(refused.status, 403);
      assert.match(refused.html, new RegExp(`user ${member.user_id.replace('|', '\\|')} is not part of|not a member`));
    });

    it("no_prompt without an organization is an error to the application's callback", async () => {
      const { config } = await registerApp(server, { organization_usage: 'require', organization_require_behavior: 'no_prompt' });
      const flow = await authorize(config, createAgent());
      assert.ok(flow.page.url.startsWith(CALLBACK));
      const params = new URL(flow.page.url).searchParams;
      assert.equal(params.get('error'), 'invalid_request');
      assert.equal(params.get('error_description'), 'parameter organization is required for this client');
    });

    it('an application with organization_usage deny cannot name an organization', async () => {
      const { org } = await organizationWithMember(server, 'denied');
      const { config } = await registerApp(server, { organization_usage: 'deny' });
      const flow = await authorize(config, createAgent(), { organization: org.id });
      assert.equal(new URL(flow.page.url).searchParams.get('error'), 'invalid_request');
    });

    it("an unknown organization is an error to the application's callback", async () => {
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const flow = await authorize(config, createAgent(), { organization: 'org_DoesNotExist0000' });
      const params = new URL(flow.page.url).searchParams;
      assert.equal(params.get('error'), 'invalid_request');
      assert.match(params.get('error_description')!, /no organization found/);
    });

    it("accepts Kinde's org_code as the organization parameter", async () => {
      const { org } = await organizationWithMember(server, 'kinde');
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { org_code: org.id });
      const callback = await signInWithPassword(agent, flow.page, 'member@kinde.example');
      assert.equal((await exchange(config, callback.url, flow)).claims()!.org_id, org.id);
    });

    it('shows only visible connections, and says so when every enabled one is a hidden enterprise connection', async () => {
      const org = (await server.api('POST', '/organizations', { name: 'hidden-only' })).body;
      const saml = (
        await server.api('POST', '/connections', {
          name: 'hidden-saml',
          strategy: 'samlp',
          options: { signInEndpoint: 'https://idp.example/sso' },
        })
      ).body;
      await server.api('POST', `/organizations/${org.id}/enabled_connections`, { connection_id: saml.id, show_as_button: false });
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const flow = await authorize(config, createAgent(), { organization: org.id });
      assert.match(flow.page.html, /No connections enabled for the organization are visible/i);
      await server.api('PATCH', `/organizations/${org.id}/enabled_connections/${saml.id}`, { show_as_button: true });
      const again = await authorize(config, createAgent(), { organization: org.id });
      assert.match(again.page.html, /Continue with hidden-saml/);
    });

    it('lets a user sign up into an organization only where sign-up is enabled', async () => {
      const open = await organizationWithMember(server, 'signup-open', { assign_membership_on_login: true, is_signup_enabled: true });
      const closed = await organizationWithMember(server, 'signup-closed');
      const { config } = await registerApp(server, { organization_usage: 'allow' });

      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: open.org.id, screen_hint: 'signup' });
      assert.match(flow.page.html, /Create your account/);
      const callback = await agent.go(formAction(flow.page), {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), email: 'new@signup-open.example', password: PASSWORD },
        stopAt: CALLBACK,
      });
      const claims = (await exchange(config, callback.url, flow)).claims()!;
      assert.equal(claims.org_id, open.org.id);

      const other = createAgent();
      const refused = await authorize(config, other, { organization: closed.org.id, screen_hint: 'signup' });
      // screen_hint=signup leads to the sign-in page where sign-up is closed, and the sign-up URL refuses.
      assert.doesNotMatch(refused.page.html, /Create your account|Sign up/);
      const signupUrl = formAction(refused.page).replace(/\/identifier$/, '/signup');
      assert.equal((await other.go(signupUrl)).status, 403);
      const page = await other.go(signupUrl, {
        form: { _csrf: inputValue(refused.page.html, '_csrf'), email: 'new@signup-closed.example', password: PASSWORD },
      });
      assert.equal(page.status, 403);
      assert.match(page.html, /We can&#39;t find your account/);
      assert.match(page.html, /administrator controls who can join/);
      const users = await server.api('GET', `/users-by-email?email=${encodeURIComponent('new@signup-closed.example')}`);
      assert.deepEqual(users.body, []);
    });
  });
}
