import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import {
  PASSWORD,
  authorize,
  createAgent,
  formAction,
  inputValue,
  organizationWithMember,
  registerApp,
  signInWithPassword,
} from './login.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`abuse resistance [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_SIGNIN_MAX_FAILURES_PER_ACCOUNT: '3' } });
    });
    after(async () => {
      await server.close();
    });

    it('throttles an account after repeated failures, with a clear message, even for the right password', async () => {
      const { org } = await organizationWithMember(server, 'throttle');
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      for (let i = 0; i < 3; i += 1) {
        const agent = createAgent();
        const flow = await authorize(config, agent, { organization: org.id });
        assert.equal((await signInWithPassword(agent, flow.page, 'member@throttle.example', `wrong-${i}`)).status, 401);
      }
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const locked = await signInWithPassword(agent, flow.page, 'member@throttle.example', PASSWORD);
      assert.equal(locked.status, 429);
      assert.match(locked.html, /Too many failed attempts\. Wait \d+ minutes? before trying again/);
    });

    it('refuses a form post without the CSRF token', async () => {
      const { org } = await organizationWithMember(server, 'csrf');
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const forged = await agent.go(formAction(flow.page), { form: { email: 'member@csrf.example' } });
      assert.equal(forged.status, 403);
      const wrong = await agent.go(formAction(flow.page), {
        form: { email: 'member@csrf.example', _csrf: inputValue(flow.page.html, '_csrf').slice(1) },
      });
      assert.equal(wrong.status, 403);
    });

    it('refuses a redirect_uri that is not registered exactly', async () => {
      const { client } = await registerApp(server, { organization_usage: 'allow' });
      const res = await fetch(
        `${server.url}/authorize?${new URLSearchParams({
          client_id: client.client_id,
          response_type: 'code',
          scope: 'openid',
          redirect_uri: 'http://127.0.0.1:9/callback/../evil',
          code_challenge: 'x'.repeat(43),
          code_challenge_method: 'S256',
          state: 's',
        })}`,
        { redirect: 'manual' },
      );
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
    });

    it('sends login pages with a restrictive content security policy and no caching', async () => {
      const { org } = await organizationWithMember(server, 'headers');
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const res = await fetch(flow.page.url, { headers: { cookie: agent.cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
      assert.match(res.headers.get('content-security-policy')!, /default-src 'none'/);
      assert.match(res.headers.get('content-security-policy')!, /frame-ancestors 'none'/);
      assert.equal(res.headers.get('cache-control'), 'no-store');
    });
  });
}
