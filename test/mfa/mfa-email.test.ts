import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startMailbox } from '../helpers/mailbox.js';
import { eventually } from '../helpers/eventually.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import { hashEmailCode } from '../../src/domain/mfa/email-otp.js';
import { CALLBACK, authorize, createAgent, exchange, formAction, inputValue, signInWithPassword } from '../login/login.fixtures.js';
import type { Agent, Page } from '../helpers/browser-agent.js';
import { enrolTotp, post, requiringOrganization, totp } from './mfa.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`emailed one-time codes as the fallback factor [${dialect}]`, () => {
    let server: TestServer;
    let mailbox: Awaited<ReturnType<typeof startMailbox>>;
    let now = Date.now();
    const clock: Clock = { now: () => new Date(now) };

    before(async () => {
      mailbox = await startMailbox();
      server = await startServer(dialect, {
        clock,
        env: { GATEHOUSE_SMTP_URL: mailbox.url, GATEHOUSE_EMAIL_FROM: 'Login <login@acme.example>' },
      });
    });
    after(async () => {
      await server.close();
      await mailbox.close();
    });

    /** The n-th (1-based) email to the address, once it arrived; its code. */
    async function codeOfMail(address: string, n: number) {
      const mails = await eventually(
        async () => mailbox.mails.filter((m) => m.to.includes(address)),
        (found) => found.length >= n,
      );
      assert.ok(mails.length >= n, `email ${n} to ${address} did not arrive`);
      const mail = mails[n - 1];
      const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
      assert.ok(code, mail.text);
      return { mail, code };
    }

    /** A member of an organization requiring MFA, enrolled in TOTP; returns a way to reach the challenge page of a new login. */
    async function enrolledMember(name: string) {
      const made = await requiringOrganization(server, name);
      const email = `member@${name}.example`;
      const first = createAgent();
      await enrolTotp(first, (await authorize(made.app.config, first, { organization: made.org.id })).page, email, (s) => totp(s, now));
      const challenge = async () => {
        const agent = createAgent();
        const flow = await authorize(made.app.config, agent, { organization: made.org.id });
        const page = await signInWithPassword(agent, flow.page, email);
        assert.match(page.html, /Verify your identity/);
        return { agent, flow, page };
      };
      return { ...made, email, challenge };
    }

    /** Presses "Email me a code instead" (the challenge page's second form). */
    const askForCode = (agent: Agent, challenge: Page) =>
      agent.go(formAction(challenge, 1), { form: { _csrf: inputValue(challenge.html, '_csrf') } });

    const logsOf = async (userId: string) => {
      const logs = await server.api('GET', `/logs?q=${encodeURIComponent(`user_id:"${userId}"`)}&per_page=100`);
      return logs.body as { type: string; details?: Record<string, unknown>; description?: string }[];
    };

    it('emails a 6-digit code from the challenge page; the code finishes the login with amr pwd and mfa', async () => {
      const { app, member, email, challenge } = await enrolledMember('email-code');
      const { agent, flow, page } = await challenge();
      assert.match(page.html, /Email me a code instead/);
      const codePage = await askForCode(agent, page);
      assert.equal(codePage.status, 200, codePage.html);
      assert.match(codePage.html, /We sent a 6-digit code to m\*\*\*@email-code\.example/);
      const { mail, code } = await codeOfMail(email, 1);
      assert.equal(mail.subject, 'Your verification code');
      assert.match(mail.html, /email-code Inc\./, 'the organization branding is in the email');
      const callback = await post(agent, codePage, { code });
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 800));
      assert.deepEqual((await exchange(app.config, callback.url, flow)).claims()!.amr, ['pwd', 'mfa']);
      const logs = await logsOf(member.user_id);
      const types = logs.map((l) => l.type);
      assert.ok(types.includes('gd_send_email'), JSON.stringify(types));
      assert.ok(types.includes('gd_auth_succeed'), JSON.stringify(types));
      const text = JSON.stringify(logs);
      assert.ok(!text.includes(code), 'the code is in no event');
      const loginId = new URL(codePage.url).pathname.split('/')[2];
      assert.ok(!text.includes(hashEmailCode(loginId, member.user_id, code)), 'nor its hash');
    });

    it('refuses a code the second time, a code of an earlier send, and a code of another login', async () => {
      const { member, email, challenge } = await enrolledMember('email-once');
      const one = await challenge();
      const firstPage = await askForCode(one.agent, one.page);
      const { code: first } = await codeOfMail(email, 1);
      const resent = await one.agent.go(formAction(firstPage, 1), { form: { _csrf: inputValue(firstPage.html, '_csrf') } });
      assert.match(resent.html, /We sent a new code\. Only the newest code works\./);
      const { code: second } = await codeOfMail(email, 2);
      if (first !== second) {
        const old = await post(one.agent, resent, { code: first });
        assert.equal(old.status, 401, 'the earlier code stopped working');
        assert.match(old.html, /That code is not right, has expired, or was used already/);
      }
      // Another login of the same user cannot use this login's code.
      const two = await challenge();
      const otherPage = await askForCode(two.agent, two.page);
      const elsewhere = await post(two.agent, otherPage, { code: second });
      assert.equal(elsewhere.status, 401);
      const used = await post(one.agent, resent, { code: second });
      assert.ok(used.url.startsWith(CALLBACK), used.html.slice(0, 800));
      const types = (await logsOf(member.user_id)).map((l) => l.type);
      assert.ok(types.filter((t) => t === 'gd_auth_failed').length >= 1, JSON.stringify(types));
    });

    it('refuses a code after five minutes', async () => {
      const { email, challenge } = await enrolledMember('email-expiry');
      const { agent, page } = await challenge();
      const codePage = await askForCode(agent, page);
      const { code } = await codeOfMail(email, 1);
      now += 5 * 60_000 + 1000;
      const late = await post(agent, codePage, { code });
      assert.equal(late.status, 401);
      assert.match(late.html, /has expired/);
    });

    it('counts wrong emailed codes in the second-factor lockout', async () => {
      const { member, email, challenge } = await enrolledMember('email-lockout');
      const { agent, page } = await challenge();
      let codePage = await askForCode(agent, page);
      const { code } = await codeOfMail(email, 1);
      for (let i = 0; i < 5; i += 1) {
        codePage = await post(agent, codePage, { code: code === '000000' ? '111111' : '000000' });
        assert.equal(codePage.status, 401, `wrong code ${i + 1}`);
      }
      const locked = await post(agent, codePage, { code });
      assert.equal(locked.status, 429, 'even the right code, once locked');
      assert.match(locked.html, /locked/);
      const types = (await logsOf(member.user_id)).map((l) => l.type);
      assert.ok(types.includes('gd_otp_rate_limit_exceed'), JSON.stringify(types));
      now += 15 * 60_000;
    });

    it('sends at most five codes per window, then refuses with 429 and records it', async () => {
      const { member, email, challenge } = await enrolledMember('email-sends');
      const { agent, page } = await challenge();
      let codePage = await askForCode(agent, page);
      for (let i = 2; i <= 5; i += 1)
        codePage = await agent.go(formAction(codePage, 1), { form: { _csrf: inputValue(codePage.html, '_csrf') } });
      await codeOfMail(email, 5);
      const refused = await agent.go(formAction(codePage, 1), { form: { _csrf: inputValue(codePage.html, '_csrf') } });
      assert.equal(refused.status, 429);
      assert.match(refused.html, /Too many codes were sent/);
      const limited = (await logsOf(member.user_id)).filter((l) => l.type === 'gd_otp_rate_limit_exceed');
      assert.equal(limited.length, 1);
      assert.equal((limited[0].details as { error?: string }).error, 'too_many_requests');
      assert.equal(mailbox.mails.filter((m) => m.to.includes(email)).length, 5, 'the sixth was not sent');
      now += 15 * 60_000;
    });

    it('is no way around enrolment: a member without a factor is not offered, and cannot ask for, a code', async () => {
      const made = await requiringOrganization(server, 'email-unenrolled');
      const email = 'member@email-unenrolled.example';
      const agent = createAgent();
      const enrolPage = await signInWithPassword(
        agent,
        (await authorize(made.app.config, agent, { organization: made.org.id })).page,
        email,
      );
      assert.match(enrolPage.html, /Set up two-step verification/);
      assert.doesNotMatch(enrolPage.html, /Email me a code/);
      const uid = new URL(enrolPage.url).pathname.split('/')[2];
      const asked = await agent.go(`${server.url}/login/${uid}/mfa/email/send`, { form: { _csrf: inputValue(enrolPage.html, '_csrf') } });
      assert.match(asked.html, /Set up two-step verification/, 'back to enrolment');
      const types = (await logsOf(made.member.user_id)).map((l) => l.type);
      assert.ok(!types.includes('gd_send_email'), JSON.stringify(types));
    });

    it('is not offered to a member whose email is not verified', async () => {
      const { member, challenge } = await enrolledMember('email-unverified');
      const patched = await server.api('PATCH', `/users/${encodeURIComponent(member.user_id)}`, { email_verified: false });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      const { page } = await challenge();
      assert.doesNotMatch(page.html, /Email me a code/);
    });

    it('still takes the authenticator code on the challenge page', async () => {
      const made = await requiringOrganization(server, 'email-and-totp');
      const email = 'member@email-and-totp.example';
      const first = createAgent();
      const { secret } = await enrolTotp(first, (await authorize(made.app.config, first, { organization: made.org.id })).page, email, (s) =>
        totp(s, now),
      );
      now += 30_000;
      const agent = createAgent();
      const challengePage = await signInWithPassword(
        agent,
        (await authorize(made.app.config, agent, { organization: made.org.id })).page,
        email,
      );
      const callback = await post(agent, challengePage, { code: await totp(secret, now) });
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 800));
    });
  });
}
