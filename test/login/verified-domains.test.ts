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

/** The tenant administrator vouches for a domain (DNS verification has its own tests). */
async function verifiedDomain(server: TestServer, organizationId: string, domain: string) {
  const res = await server.api('POST', `/organizations/${organizationId}/discovery-domains`, { domain, status: 'verified' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

const REQUIRE = { organization_usage: 'require', organization_require_behavior: 'post_login_prompt' };

for (const dialect of DIALECTS) {
  describe(`login by verified domain: discovery and SSO enforcement [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it('selects the one organization whose verified domain matches the email', async () => {
      const { org, member } = await organizationWithMember(server, 'disc-one');
      await verifiedDomain(server, org.id, 'disc-one.example');
      const { config } = await registerApp(server, REQUIRE);
      const agent = createAgent();
      const flow = await authorize(config, agent);
      const password = await agent.go(formAction(flow.page), { form: { _csrf: inputValue(flow.page.html, '_csrf'), email: member.email } });
      assert.match(password.html, /name="password"/);
      assert.match(password.html, /disc-one Inc\./, "the discovered organization's name on the password page");
      const callback = await agent.go(formAction(password), {
        form: { _csrf: inputValue(password.html, '_csrf'), password: PASSWORD },
        stopAt: CALLBACK,
      });
      const claims = (await exchange(config, callback.url, flow)).claims()!;
      assert.equal(claims.org_id, org.id);
      assert.equal(claims.sub, member.user_id);
    });

    it('offers a choice when verified domains of several organizations cover the email', async () => {
      const parent = await organizationWithMember(server, 'disc-parent');
      const child = await organizationWithMember(server, 'disc-child');
      await verifiedDomain(server, parent.org.id, 'disc-group.example');
      await verifiedDomain(server, child.org.id, 'eu.disc-group.example');
      const user = (
        await server.api('POST', '/users', { connection: 'disc-child-db', email: 'ana@eu.disc-group.example', password: PASSWORD })
      ).body;
      await server.api('POST', `/organizations/${child.org.id}/members`, { members: [user.user_id] });
      const { config } = await registerApp(server, REQUIRE);
      const agent = createAgent();
      const flow = await authorize(config, agent);
      const picker = await agent.go(formAction(flow.page), {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), email: 'ana@eu.disc-group.example' },
      });
      assert.match(picker.html, /Choose an organization/);
      assert.match(picker.html, /disc-parent Inc\./);
      assert.match(picker.html, /disc-child Inc\./);
      // A forged choice (an organization the email does not match) goes back to the start.
      const forged = await agent.go(formAction(picker), {
        form: { _csrf: inputValue(picker.html, '_csrf'), organization: 'org_0000000000000000' },
      });
      assert.match(forged.html, /name="email"/);
      const again = await agent.go(formAction(forged), {
        form: { _csrf: inputValue(forged.html, '_csrf'), email: 'ana@eu.disc-group.example' },
      });
      const password = await agent.go(formAction(again), { form: { _csrf: inputValue(again.html, '_csrf'), organization: child.org.id } });
      assert.match(password.html, /name="password"/);
      const callback = await agent.go(formAction(password), {
        form: { _csrf: inputValue(password.html, '_csrf'), password: PASSWORD },
        stopAt: CALLBACK,
      });
      assert.equal((await exchange(config, callback.url, flow)).claims()!.org_id, child.org.id);
    });

    it('finds the organization from a work email typed on the organization prompt (pre_login_prompt)', async () => {
      const { org, member } = await organizationWithMember(server, 'disc-prompt');
      await verifiedDomain(server, org.id, 'disc-prompt.example');
      const { config } = await registerApp(server, { organization_usage: 'require', organization_require_behavior: 'pre_login_prompt' });
      const agent = createAgent();
      const flow = await authorize(config, agent);
      assert.match(flow.page.html, /Enter your organization/);
      const unknown = await agent.go(formAction(flow.page), {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), organization_name: 'someone@nowhere-verified.example' },
      });
      assert.equal(unknown.status, 400);
      assert.match(unknown.html, /could not find an organization for this email address/);
      const password = await agent.go(formAction(unknown), {
        form: { _csrf: inputValue(unknown.html, '_csrf'), organization_name: member.email },
      });
      assert.match(password.html, /name="password"/);
      assert.match(password.html, /disc-prompt Inc\./);
      const callback = await agent.go(formAction(password), {
        form: { _csrf: inputValue(password.html, '_csrf'), password: PASSWORD },
        stopAt: CALLBACK,
      });
      assert.equal((await exchange(config, callback.url, flow)).claims()!.org_id, org.id);
    });

    it('ignores a verified domain not used for discovery', async () => {
      const { org } = await organizationWithMember(server, 'disc-off');
      const res = await server.api('POST', `/organizations/${org.id}/discovery-domains`, {
        domain: 'disc-off.example',
        status: 'verified',
        use_for_organization_discovery: false,
      });
      assert.equal(res.status, 201);
      const { config } = await registerApp(server, REQUIRE);
      const agent = createAgent();
      const flow = await authorize(config, agent);
      const callback = await signInWithPassword(agent, flow.page, 'member@disc-off.example');
      // Signed in without an organization: the post-login prompt lists the member's organizations.
      assert.match(callback.html, /Choose an organization/);
    });

    it('refuses password sign-in and sign-up where the organization requires SSO, but lets break-glass accounts in', async () => {
      const { org, member } = await organizationWithMember(server, 'sso-only', {
        assign_membership_on_login: true,
        is_signup_enabled: true,
      });
      const glass = (await server.api('POST', '/users', { connection: 'sso-only-db', email: 'glass@sso-only.example', password: PASSWORD }))
        .body;
      await verifiedDomain(server, org.id, 'sso-only.example');
      const enforce = await server.api('PATCH', `/organizations/${org.id}`, {
        gatehouse_sso_enforcement: { enabled: true, break_glass_accounts: [glass.user_id] },
      });
      assert.equal(enforce.status, 200);
      assert.deepEqual(enforce.body.gatehouse_sso_enforcement, { enabled: true, break_glass_accounts: [glass.user_id] });
      const { config } = await registerApp(server, { organization_usage: 'allow' });

      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const refused = await signInWithPassword(agent, flow.page, member.email);
      assert.equal(refused.status, 403);
      assert.match(refused.html, /requires single sign-on/);
      const event = await server.api('GET', `/logs?q=${encodeURIComponent('type:f')}`);
      assert.ok(
        event.body.some((e: { details?: { error?: string }; organization_id?: string }) => e.details?.error === 'sso_required'),
        JSON.stringify(event.body),
      );

      const signupAgent = createAgent();
      const signupFlow = await authorize(config, signupAgent, { organization: org.id, screen_hint: 'signup' });
      assert.match(signupFlow.page.html, /name="password"/);
      const signup = await signupAgent.go(formAction(signupFlow.page), {
        form: { _csrf: inputValue(signupFlow.page.html, '_csrf'), email: 'newcomer@sso-only.example', password: PASSWORD },
      });
      assert.equal(signup.status, 403);
      assert.match(signup.html, /requires single sign-on/);
      const users = await server.api('GET', `/users-by-email?email=${encodeURIComponent('newcomer@sso-only.example')}`);
      assert.deepEqual(users.body, []);

      const glassAgent = createAgent();
      const glassFlow = await authorize(config, glassAgent, { organization: org.id });
      const callback = await signInWithPassword(glassAgent, glassFlow.page, 'glass@sso-only.example');
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 500));
      assert.equal((await exchange(config, callback.url, glassFlow)).claims()!.sub, glass.user_id);

      // Outside any organization the rule holds too: the domain, not the request, decides.
      const bare = createAgent();
      const bareFlow = await authorize(config, bare);
      assert.equal((await signInWithPassword(bare, bareFlow.page, member.email)).status, 403);
    });

    it('refuses the password grant where the organization requires SSO', async () => {
      const { org, member } = await organizationWithMember(server, 'sso-grant');
      await verifiedDomain(server, org.id, 'sso-grant.example');
      await server.api('PATCH', `/organizations/${org.id}`, { gatehouse_sso_enforcement: { enabled: true } });
      const app = await server.api('POST', '/clients', {
        name: 'password grant app',
        app_type: 'regular_web',
        grant_types: ['password'],
        callbacks: [CALLBACK],
      });
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'password',
          client_id: app.body.client_id,
          client_secret: app.body.client_secret,
          username: member.email,
          password: PASSWORD,
        }),
      });
      const body = (await res.json()) as { error?: string; error_description?: string };
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(body.error_description ?? '', /requires single sign-on/);
    });

    it('refuses to create a password user in an SSO-enforced domain through the Management API, but a break-glass email', async () => {
      const { org } = await organizationWithMember(server, 'sso-mgmt');
      await verifiedDomain(server, org.id, 'sso-mgmt.example');
      await server.api('PATCH', `/organizations/${org.id}`, {
        gatehouse_sso_enforcement: { enabled: true, break_glass_accounts: ['Rescue@SSO-mgmt.example'] },
      });
      const refused = await server.api('POST', '/users', {
        connection: 'sso-mgmt-db',
        email: 'new@sub.sso-mgmt.example',
        password: PASSWORD,
      });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.errorCode, 'invalid_body');
      assert.equal(
        refused.body.message,
        "Payload validation error: 'The email's domain requires single sign-on in organization sso-mgmt (gatehouse_sso_enforcement); only its break_glass_accounts may have a password' on property email.",
      );
      const allowed = await server.api('POST', '/users', {
        connection: 'sso-mgmt-db',
        email: 'rescue@sso-mgmt.example',
        password: PASSWORD,
      });
      assert.equal(allowed.status, 201, JSON.stringify(allowed.body));
      const bad = await server.api('PATCH', `/organizations/${org.id}`, {
        gatehouse_sso_enforcement: { break_glass_accounts: ['nobody'] },
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /on property gatehouse_sso_enforcement\.break_glass_accounts\[0\]\.$/);
    });
  });
}
