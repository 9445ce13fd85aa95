import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIALECTS } from '../helpers/dialects.js';
import { type Mail, parseMail, startMailbox } from '../helpers/mailbox.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { hashToken } from '../../src/domain/email/tickets.js';
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
import type { Agent, Page } from '../helpers/browser-agent.js';

const linkIn = (mail: Mail, pattern: RegExp) => {
  const match = pattern.exec(mail.text);
  assert.ok(match, `no link in:\n${mail.text}`);
  return match[0];
};

/** From the password page of a real interaction: "Forgot password?" → ask for the email. */
async function askForReset(agent: Agent, passwordPage: Page, email: string): Promise<Page> {
  const href = /<a href="([^"]+)">Forgot password\?<\/a>/.exec(passwordPage.html)?.[1].replace(/&amp;/g, '&');
  assert.ok(href, 'the password page links to the reset page');
  const resetPage = await agent.go(new URL(href, passwordPage.url).toString());
  assert.equal(resetPage.status, 200);
  const form: Record<string, string> = { email };
  for (const name of ['login', 'organization'])
    if (resetPage.html.includes(`name="${name}"`)) form[name] = inputValue(resetPage.html, name);
  return agent.go(formAction(resetPage), { form });
}

/** The password page of a fresh login to the organization. */
async function passwordPageFor(server: TestServer, orgId: string, email: string) {
  const { config } = await registerApp(server, { organization_usage: 'allow' });
  const agent = createAgent();
  const flow = await authorize(config, agent, { organization: orgId });
  const page = await agent.go(formAction(flow.page), { form: { _csrf: inputValue(flow.page.html, '_csrf'), email } });
  return { agent, config, flow, page };
}

for (const dialect of DIALECTS) {
  describe(`email for database connections [${dialect}]`, () => {
    let server: TestServer;
    let mailbox: Awaited<ReturnType<typeof startMailbox>>;
    before(async () => {
      mailbox = await startMailbox();
      server = await startServer(dialect, {
        env: {
          GATEHOUSE_SMTP_URL: mailbox.url,
          GATEHOUSE_EMAIL_FROM: 'Acme Login <login@acme.example>',
          GATEHOUSE_SIGNIN_MAX_FAILURES_PER_ACCOUNT: '3',
        },
      });
    });
    after(async () => {
      await server.close();
      await mailbox.close();
    });

    /** Asks for a reset from a login page and returns the emailed link and the login it started from. */
    async function resetLink(orgName: string) {
      const { org, member } = await organizationWithMember(server, orgName);
      const login = await passwordPageFor(server, org.id, member.email);
      const answer = await askForReset(login.agent, login.page, member.email);
      assert.equal(answer.status, 200);
      assert.match(answer.html, /If an account exists for that address, we sent a link/);
      const mail = await mailbox.mailTo(member.email);
      return { org, member, login, mail, link: linkIn(mail, new RegExp(`${server.url}/login/reset/[A-Za-z0-9_-]{43}`)) };
    }

    async function setPassword(agent: Agent, link: string, password: string): Promise<Page> {
      const page = await agent.go(link);
      assert.equal(page.status, 200, page.html);
      return agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), password } });
    }

    it('emails a reset link from the password page; the new password then signs in', async () => {
      const { member, login, mail, link } = await resetLink('reset-ok');
      assert.equal(mail.subject, 'Reset your password');
      assert.match(mail.html, /reset-ok Inc\./, 'the organization branding is in the email');
      const done = await setPassword(login.agent, link, 'A-brand-new-passw0rd');
      assert.equal(done.status, 200);
      assert.match(done.html, /Your password was changed/);
      const back = /<a href="([^"]+)">Back to sign in<\/a>/.exec(done.html)![1];
      assert.equal(back, `/login/${new URL(login.page.url).pathname.split('/')[2]}`, 'back to the login page of the same interaction');
      const identifier = await login.agent.go(new URL(back, server.url).toString());
      const callback = await signInWithPassword(login.agent, identifier, member.email, 'A-brand-new-passw0rd');
      assert.ok(callback.url.startsWith(CALLBACK), callback.html);
      const tokens = await exchange(login.config, callback.url, login.flow);
      assert.equal(tokens.claims()!.sub, member.user_id);
    });

    it('refuses the old password after a reset', async () => {
      const { org, member, login, link } = await resetLink('reset-old');
      await setPassword(login.agent, link, 'Another-new-passw0rd');
      const again = await passwordPageFor(server, org.id, member.email);
      const page = await again.agent.go(formAction(again.page), {
        form: { _csrf: inputValue(again.page.html, '_csrf'), password: PASSWORD },
      });
      assert.equal(page.status, 401);
      assert.match(page.html, /Wrong email or password\./);
    });

    it('refuses a reset link the second time', async () => {
      const { login, link } = await resetLink('reset-twice');
      await setPassword(login.agent, link, 'First-new-passw0rd');
      const reopened = await login.agent.go(link);
      assert.equal(reopened.status, 400);
      assert.match(reopened.html, /This password reset link has expired or was already used\./);
    });

    it('refuses an expired reset link', async () => {
      const { member } = await organizationWithMember(server, 'reset-expired');
      const token = 'E'.repeat(43);
      const past = new Date(Date.now() - 60_000).toISOString();
      await server.database.db.kysely
        .insertInto('email_tickets')
        .values({
          token_hash: hashToken(token),
          kind: 'password_reset',
          user_id: member.user_id,
          connection_id: null,
          return_to: null,
          created_at: past,
          expires_at: past,
          used_at: null,
        })
        .execute();
      const page = await createAgent().go(`${server.url}/login/reset/${token}`);
      assert.equal(page.status, 400);
      assert.match(page.html, /has expired or was already used/);
    });

    it('answers an unknown email with the same page and sends nothing', async () => {
      const { org, member } = await organizationWithMember(server, 'reset-unknown');
      const login = await passwordPageFor(server, org.id, 'nobody@reset-unknown.example');
      const known = await askForReset(login.agent, login.page, member.email);
      const unknown = await askForReset(login.agent, login.page, 'nobody@reset-unknown.example');
      assert.equal(unknown.status, known.status);
      assert.equal(unknown.html, known.html);
      await mailbox.mailTo(member.email);
      await server.app.services.email.idle();
      assert.equal(mailbox.mails.filter((m) => m.to.includes('nobody@reset-unknown.example')).length, 0);
    });

    it('refuses a new password posted without the form token of its link', async () => {
      const { login, link } = await resetLink('reset-csrf');
      const page = await login.agent.go(link, { form: { _csrf: 'forged', password: 'Forged-passw0rd' } });
      assert.equal(page.status, 403);
      const stillUsable = await login.agent.go(link);
      assert.equal(stillUsable.status, 200, 'the link was not used up');
    });

    it('clears the failed sign-in throttle of the account', async () => {
      const { org, member, login, link } = await resetLink('reset-throttle');
      for (let i = 0; i < 3; i += 1) {
        await login.agent.go(formAction(login.page), { form: { _csrf: inputValue(login.page.html, '_csrf'), password: 'wrong-password' } });
      }
      const locked = await login.agent.go(formAction(login.page), {
        form: { _csrf: inputValue(login.page.html, '_csrf'), password: PASSWORD },
      });
      assert.equal(locked.status, 429);
      await setPassword(login.agent, link, 'Unlocked-passw0rd');
      const again = await passwordPageFor(server, org.id, member.email);
      const page = await again.agent.go(formAction(again.page), {
        form: { _csrf: inputValue(again.page.html, '_csrf'), password: 'Unlocked-passw0rd' },
        stopAt: CALLBACK,
      });
      assert.ok(page.url.startsWith(CALLBACK), page.html);
    });

    it('links back only to /login/<uid>, never to a URL from the request', async () => {
      const page = await createAgent().go(`${server.url}/login/reset`, { form: { email: 'a@b.example', login: '//evil.example/x' } });
      assert.equal(page.status, 400);
      assert.doesNotMatch(page.html, /evil\.example/);
    });

    it('sends a verification email from POST /jobs/verification-email; its link verifies the address', async () => {
      const { org, member } = await organizationWithMember(server, 'verify-job');
      await server.api('PATCH', `/users/${encodeURIComponent(member.user_id)}`, { email_verified: false });
      const job = await server.api(
        'POST',
        '/jobs/verification-email',
        { user_id: member.user_id, organization_id: org.id },
        await server.token(['update:users']),
      );
      assert.equal(job.status, 201);
      assert.match(job.body.id, /^job_[A-Za-z0-9]{16}$/);
      assert.equal(job.body.type, 'verification_email');
      assert.equal(job.body.status, 'completed');
      const mail = await mailbox.mailTo(member.email);
      assert.equal(mail.subject, 'Verify your email address');
      assert.match(mail.html, /#0a7d5a/, 'the organization primary colour');
      const page = await createAgent().go(linkIn(mail, new RegExp(`${server.url}/login/verify/[A-Za-z0-9_-]{43}`)));
      assert.equal(page.status, 200);
      assert.match(page.html, /Your email address is verified/);
      const user = await server.api('GET', `/users/${encodeURIComponent(member.user_id)}`);
      assert.equal(user.body.email_verified, true);
    });

    it('answers POST /jobs/verification-email with 404 inexistent_user for an unknown user', async () => {
      const res = await server.api('POST', '/jobs/verification-email', { user_id: 'auth0|000000000000000000000000' });
      assert.equal(res.status, 404);
      assert.equal(res.body.errorCode, 'inexistent_user');
    });

    it('requires update:users for POST /jobs/verification-email', async () => {
      const res = await server.api('POST', '/jobs/verification-email', { user_id: 'auth0|x' }, await server.token(['read:users']));
      assert.equal(res.status, 403);
      assert.equal(res.body.errorCode, 'insufficient_scope');
    });

    it('sends a verification email from the service; a used link is refused', async () => {
      await organizationWithMember(server, 'verify-direct');
      const user = (
        await server.api('POST', '/users', { connection: 'verify-direct-db', email: 'direct@verify.example', password: PASSWORD })
      ).body;
      assert.ok(user.user_id, JSON.stringify(user));
      server.app.services.email.queueVerification(user.user_id);
      const link = linkIn(await mailbox.mailTo('direct@verify.example'), new RegExp(`${server.url}/login/verify/[A-Za-z0-9_-]{43}`));
      assert.equal((await createAgent().go(link)).status, 200);
      const again = await createAgent().go(link);
      assert.equal(again.status, 400);
      assert.match(again.html, /This verification link has expired or was already used\./);
    });

    it('sends a verification email after a sign-up through the hosted login', async () => {
      const { config } = await registerApp(server);
      const agent = createAgent();
      const flow = await authorize(config, agent, { screen_hint: 'signup' });
      const done = await agent.go(formAction(flow.page), {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), email: 'new@signup-verify.example', password: PASSWORD },
        stopAt: CALLBACK,
      });
      assert.ok(done.url.startsWith(CALLBACK), done.html);
      const mail = await mailbox.mailTo('new@signup-verify.example');
      assert.equal(mail.subject, 'Verify your email address');
    });

    it('emails an invitation with its working invitation_url and the organization branding', async () => {
      const { org } = await organizationWithMember(server, 'invite-mail');
      await server.api('PATCH', `/organizations/${org.id}`, {
        branding: { logo_url: 'https://cdn.example/logo.png', colors: { primary: '#0a7d5a' } },
      });
      const { client } = await registerApp(server, { organization_usage: 'allow' });
      const res = await server.api('POST', `/organizations/${org.id}/invitations`, {
        inviter: { name: 'Ada Admin' },
        invitee: { email: 'guest@invite-mail.example' },
        client_id: client.client_id,
      });
      assert.equal(res.status, 201);
      const mail = await mailbox.mailTo('guest@invite-mail.example');
      assert.equal(mail.subject, 'Ada Admin invited you to join invite-mail Inc.');
      assert.ok(mail.text.includes(res.body.invitation_url), 'the invitation_url is in the email');
      assert.ok(mail.html.includes('src="https://cdn.example/logo.png"'));
      assert.match(mail.html, /background:#0a7d5a/);
      const landing = await createAgent().go(res.body.invitation_url);
      assert.equal(landing.status, 200);
      assert.match(landing.html, /guest@invite-mail\.example/);
    });

    it('sends no invitation email when send_invitation_email is false', async () => {
      const { org } = await organizationWithMember(server, 'invite-quiet');
      const { client } = await registerApp(server);
      await server.api('POST', `/organizations/${org.id}/invitations`, {
        inviter: { name: 'Ada' },
        invitee: { email: 'quiet@invite-quiet.example' },
        client_id: client.client_id,
        send_invitation_email: false,
      });
      await server.api('POST', `/organizations/${org.id}/invitations`, {
        inviter: { name: 'Ada' },
        invitee: { email: 'loud@invite-quiet.example' },
        client_id: client.client_id,
      });
      await mailbox.mailTo('loud@invite-quiet.example');
      assert.equal(mailbox.mails.filter((m) => m.to.includes('quiet@invite-quiet.example')).length, 0);
    });
  });

  describe(`email without an SMTP server [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it('writes each email to <data dir>/outbox as an .eml file', async () => {
      const { org } = await organizationWithMember(server, 'outbox');
      const { client } = await registerApp(server);
      const res = await server.api('POST', `/organizations/${org.id}/invitations`, {
        inviter: { name: 'Ada' },
        invitee: { email: 'guest@outbox.example' },
        client_id: client.client_id,
      });
      const outbox = path.join(server.config.dataDir, 'outbox');
      const files = fs.readdirSync(outbox);
      assert.equal(files.length, 1);
      assert.match(files[0], /^\d{8}T\d{9}Z-invitation\.eml$/);
      const mail = parseMail(fs.readFileSync(path.join(outbox, files[0]), 'utf8'));
      assert.equal(mail.to, 'guest@outbox.example');
      assert.ok(mail.text.includes(res.body.invitation_url));
    });
  });
}
