import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp, type App } from '../../src/http/app.js';
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
} from './login.fixtures.js';

// Every piece of sign-in state lives in the database, so a login started on one Gatehouse process
// finishes on another behind the same load balancer.
for (const dialect of DIALECTS) {
  describe(`a login across two Gatehouse processes [${dialect}]`, () => {
    let server: TestServer;
    let second: App;
    let secondUrl: string;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_ORG_NAME_CLAIM: 'true' } });
      second = await buildApp({ config: server.config, db: server.database.db.kysely, logger: false });
      await second.app.listen({ port: 0, host: '127.0.0.1' });
      const address = second.app.server.address() as { port: number };
      secondUrl = `http://localhost:${address.port}`;
    });
    after(async () => {
      await second.app.close();
      await server.close();
    });

    it('starts on one process and finishes on the other, with org_id and org_name', async () => {
      const { org } = await organizationWithMember(server, 'twonodes');
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      // The load balancer sends the next requests to the other process: same cookies, other node.
      const onSecond = (url: string) => url.replace(server.url, secondUrl);
      for (const cookie of [...agent.cookies]) agent.cookies.push({ ...cookie, host: new URL(secondUrl).host });
      const passwordPage = await agent.go(onSecond(formAction(flow.page)), {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), email: 'member@twonodes.example' },
      });
      assert.match(passwordPage.html, /Enter your password/);
      const done = await agent.go(onSecond(formAction(passwordPage)), {
        form: { _csrf: inputValue(passwordPage.html, '_csrf'), password: PASSWORD },
        stopAt: CALLBACK,
      });
      assert.ok(done.url.startsWith(CALLBACK), `${done.status} ${done.html.slice(0, 400)}`);
      const claims = (await exchange(config, done.url, flow)).claims()!;
      assert.equal(claims.org_id, org.id);
      assert.equal(claims.org_name, 'twonodes');
    });
  });
}
