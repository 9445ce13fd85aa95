// The login's form bodies are validated by their route schemas (src/login/forms.ts) before any
// handler runs: an oversized field is the 400 "could not be read" page, while a field within bounds
// meets the domain's rule and gets its page's own message.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { authorize, createAgent, formAction, inputValue, organizationWithMember, registerApp } from './login.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`login form bodies [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    async function identifierPage() {
      const { org } = await organizationWithMember(server, `forms-${Math.random().toString(36).slice(2, 8)}`);
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      return { agent, page: flow.page, org };
    }

    it('answers an email over the rule (but within the bound) with the identifier page and the rule', async () => {
      const { agent, page } = await identifierPage();
      const email = `${'a'.repeat(250)}@example.com`;
      const answer = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), email } });
      assert.equal(answer.status, 400);
      assert.match(answer.html, /Enter a valid email address, like name@example\.com\./);
    });

    it('refuses an email field beyond its schema bound before the handler, with 400', async () => {
      const { agent, page } = await identifierPage();
      const answer = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), email: 'a'.repeat(2000) } });
      assert.equal(answer.status, 400);
      assert.match(answer.html, /This form could not be read/);
    });

    it('refuses a password beyond its schema bound before any sign-in attempt', async () => {
      const { agent, page, org } = await identifierPage();
      const passwordPage = await agent.go(formAction(page), {
        form: { _csrf: inputValue(page.html, '_csrf'), email: `member@${org.name}.example` },
      });
      assert.match(passwordPage.html, /Enter your password/);
      const answer = await agent.go(formAction(passwordPage), {
        form: { _csrf: inputValue(passwordPage.html, '_csrf'), password: 'p'.repeat(2000) },
      });
      assert.equal(answer.status, 400);
      assert.match(answer.html, /This form could not be read/);
      const logs = await server.api('GET', `/logs?q=${encodeURIComponent('type:"fp"')}&per_page=50`);
      assert.equal((logs.body as unknown[]).length, 0, 'no failed sign-in was recorded: the handler never ran');
    });
  });
}
