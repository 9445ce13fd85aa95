import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { authorize, createAgent, formAction, inputValue, organizationWithMember, registerApp } from './login.fixtures.js';
import type { Page } from '../helpers/browser-agent.js';

// A NUL character in a login form reached PostgreSQL (a 500 page there); it is now a 400 page in
// the login's layout on both dialects.
for (const dialect of DIALECTS) {
  describe(`hosted login refuses NUL characters [${dialect}]`, () => {
    let server: TestServer;
    let orgId: string;
    before(async () => {
      server = await startServer(dialect);
      orgId = (await organizationWithMember(server, 'nul-login')).org.id;
    });
    after(async () => {
      await server.close();
    });

    function assertRefused(page: Page): void {
      assert.equal(page.status, 400, page.html.slice(0, 500));
      assert.match(page.html, /<link rel="stylesheet" href="\/login\/assets\/login\.css"|<html/);
      assert.match(page.html, /This form contains a character that is not allowed/);
    }

    async function identifierPage() {
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: orgId });
      return { agent, page: flow.page };
    }

    it('answers 400 for a NUL in the email on the identifier page', async () => {
      const { agent, page } = await identifierPage();
      assertRefused(
        await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), email: 'member@nul-login.example\u0000' } }),
      );
    });

    it('answers 400 for a NUL in the password', async () => {
      const { agent, page } = await identifierPage();
      const passwordPage = await agent.go(formAction(page), {
        form: { _csrf: inputValue(page.html, '_csrf'), email: 'member@nul-login.example' },
      });
      assert.match(passwordPage.html, /name="password"/);
      assertRefused(
        await agent.go(formAction(passwordPage), { form: { _csrf: inputValue(passwordPage.html, '_csrf'), password: 'pass\u0000word' } }),
      );
    });

    it('answers 400 for a NUL in the organization name prompt', async () => {
      const { config } = await registerApp(server, { organization_usage: 'require', organization_require_behavior: 'pre_login_prompt' });
      const agent = createAgent();
      const flow = await authorize(config, agent);
      assert.match(flow.page.html, /Enter your organization/);
      assertRefused(
        await agent.go(formAction(flow.page), {
          form: { _csrf: inputValue(flow.page.html, '_csrf'), organization_name: 'nul\u0000login' },
        }),
      );
    });

    it('answers 400 for a NUL in the password reset request', async () => {
      const { agent, page } = await identifierPage();
      const passwordPage = await agent.go(formAction(page), {
        form: { _csrf: inputValue(page.html, '_csrf'), email: 'member@nul-login.example' },
      });
      const href = /<a href="([^"]+)">Forgot password\?<\/a>/.exec(passwordPage.html)?.[1].replace(/&amp;/g, '&');
      assert.ok(href);
      const resetPage = await agent.go(new URL(href, passwordPage.url).toString());
      const form: Record<string, string> = { email: 'member@nul-login.example\u0000' };
      for (const name of ['login', 'organization', '_csrf'])
        if (resetPage.html.includes(`name="${name}"`)) form[name] = inputValue(resetPage.html, name);
      assertRefused(await agent.go(formAction(resetPage), { form }));
    });

    it('answers 400 for a NUL in a login query parameter', async () => {
      assertRefused(await createAgent().go(`${server.url}/login/?organization=%00`));
    });

    it('stays healthy', async () => {
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
    });
  });
}
