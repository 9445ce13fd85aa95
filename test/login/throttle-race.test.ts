import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import type { Agent, Page } from '../helpers/browser-agent.js';
import {
  authorize,
  createAgent,
  formAction,
  inputValue,
  organizationWithMember,
  registerApp,
  signInWithPassword,
} from './login.fixtures.js';

const WRONG = /Wrong email or password\./;
const LOCKED = /Too many failed attempts\. Wait \d+ minutes? before trying again/;

/** A login flow stopped on the password page for this email. */
async function passwordPageFor(server: TestServer, organization: string, email: string): Promise<{ agent: Agent; page: Page }> {
  const { config } = await registerApp(server, { organization_usage: 'allow' });
  const agent = createAgent();
  const flow = await authorize(config, agent, { organization });
  const page = await agent.go(formAction(flow.page), { form: { _csrf: inputValue(flow.page.html, '_csrf'), email } });
  assert.match(page.html, /name="password"/);
  return { agent, page };
}

const submit = (target: { agent: Agent; page: Page }, password: string) =>
  target.agent.go(formAction(target.page), { form: { _csrf: inputValue(target.page.html, '_csrf'), password } });

/** How many answers were the wrong-password page (a password was checked) and how many the throttle's. */
function tally(pages: Page[]) {
  const wrong = pages.filter((p) => p.status === 401 && WRONG.test(p.html)).length;
  const locked = pages.filter((p) => p.status === 429 && LOCKED.test(p.html)).length;
  return { wrong, locked, other: pages.length - wrong - locked };
}

for (const dialect of DIALECTS) {
  describe(`sign-in throttle under parallel attempts, per account [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_SIGNIN_MAX_FAILURES_PER_ACCOUNT: '10' } });
    });
    after(async () => {
      await server.close();
    });

    it('checks at most 10 of 40 parallel wrong passwords for one account and throttles the rest', async () => {
      const { org } = await organizationWithMember(server, 'race-account');
      const target = await passwordPageFor(server, org.id, 'member@race-account.example');
      const pages = await Promise.all(Array.from({ length: 40 }, (_, i) => submit(target, `wrong-${i}`)));
      assert.deepEqual(tally(pages), { wrong: 10, locked: 30, other: 0 });
    });
  });

  describe(`sign-in throttle under parallel attempts, per IP [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_SIGNIN_MAX_FAILURES_PER_IP: '5' } });
    });
    after(async () => {
      await server.close();
    });

    it('checks at most 5 of 20 parallel wrong passwords from one IP for different accounts', async () => {
      const { org } = await organizationWithMember(server, 'race-ip');
      const targets = [];
      for (let i = 0; i < 20; i += 1) targets.push(await passwordPageFor(server, org.id, `nobody-${i}@race-ip.example`));
      const pages = await Promise.all(targets.map((t) => submit(t, 'wrong')));
      assert.deepEqual(tally(pages), { wrong: 5, locked: 15, other: 0 });
    });
  });

  describe(`sign-in throttle releases the slots of successful sign-ins [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_SIGNIN_MAX_FAILURES_PER_IP: '3' } });
    });
    after(async () => {
      await server.close();
    });

    it('does not count successful sign-ins against the IP', async () => {
      const { org } = await organizationWithMember(server, 'release');
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      for (let i = 0; i < 2; i += 1)
        assert.equal((await submit(await passwordPageFor(server, org.id, `nobody-${i}@release.example`), 'wrong')).status, 401);
      for (let i = 0; i < 3; i += 1) {
        const agent = createAgent();
        const flow = await authorize(config, agent, { organization: org.id });
        const done = await signInWithPassword(agent, flow.page, 'member@release.example');
        assert.equal(done.status, 303, done.html);
      }
      const third = await submit(await passwordPageFor(server, org.id, 'nobody-2@release.example'), 'wrong');
      assert.equal(third.status, 401);
      assert.match(third.html, WRONG);
      const fourth = await submit(await passwordPageFor(server, org.id, 'nobody-3@release.example'), 'wrong');
      assert.equal(fourth.status, 429);
      assert.match(fourth.html, LOCKED);
    });
  });
}
