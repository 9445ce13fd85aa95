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
  organizationWithMember,
  registerApp,
  signInWithPassword,
} from './login.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`sign-in to an organization [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it('signs a member in with a password and puts org_id in the ID token', async () => {
      const { org, member } = await organizationWithMember(server, 'acme');
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      assert.equal(flow.page.status, 200);
      assert.match(flow.page.html, /acme Inc\./, 'organization display name on the page');
      const callback = await signInWithPassword(agent, flow.page, 'member@acme.example');
      assert.ok(callback.url.startsWith(CALLBACK), callback.html);
      const tokens = await exchange(config, callback.url, flow);
      const claims = tokens.claims()!;
      assert.equal(claims.sub, member.user_id);
      assert.equal(claims.org_id, org.id);
      assert.equal(claims.email, 'member@acme.example');
      assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');
    });

    it('refuses a non-member, explains it, then returns access_denied to the application', async () => {
      const { org } = await organizationWithMember(server, 'closed');
      await server.api('POST', '/users', { connection: 'closed-db', email: 'outsider@closed.example', password: PASSWORD });
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const refusal = await signInWithPassword(agent, flow.page, 'outsider@closed.example');
      assert.equal(refusal.status, 403);
      assert.match(refusal.html, /not a member/);
      assert.match(refusal.html, /administrator/);
      const { formAction, inputValue } = await import('./login.fixtures.js');
      const back = await agent.go(formAction(refusal), { form: { _csrf: inputValue(refusal.html, '_csrf') }, stopAt: CALLBACK });
      const params = new URL(back.url).searchParams;
      assert.equal(params.get('error'), 'access_denied');
      assert.match(params.get('error_description')!, /^user auth0\|[0-9a-f]{24} is not part of the org_[A-Za-z0-9]{16} organization$/);
    });

    it('grants membership on authentication when the connection says so', async () => {
      const { org } = await organizationWithMember(server, 'open', { assign_membership_on_login: true });
      const joiner = (await server.api('POST', '/users', { connection: 'open-db', email: 'joiner@open.example', password: PASSWORD })).body;
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.name });
      const callback = await signInWithPassword(agent, flow.page, 'joiner@open.example');
      const tokens = await exchange(config, callback.url, flow);
      assert.equal(tokens.claims()!.org_id, org.id);
      const members = await server.api('GET', `/organizations/${org.id}/members`);
      assert.ok(members.body.some((m: { user_id: string }) => m.user_id === joiner.user_id));
    });

    it('says "Wrong email or password." alike for a wrong password and an unknown email', async () => {
      const { org } = await organizationWithMember(server, 'wrongpw');
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      for (const email of ['member@wrongpw.example', 'nobody@wrongpw.example']) {
        const agent = createAgent();
        const flow = await authorize(config, agent, { organization: org.id });
        const page = await signInWithPassword(agent, flow.page, email, 'not-the-password');
        assert.equal(page.status, 401);
        assert.match(page.html, /Wrong email or password\./);
        assert.match(page.html, /aria-invalid="true" aria-describedby="password-error"/);
      }
    });
  });
}
