// MFA pages clicked through in real Chromium, SQLite only (the HTTP-level suites, every dialect, are
// in test/mfa/): TOTP enrolment during an organization login with the key read off the page, the
// recovery codes shown once, a second login with a code, a recovery code, and the emailed code read
// from a loopback SMTP server. axe-core checks every MFA page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { startMailbox } from '../helpers/mailbox.js';
import { eventually } from '../helpers/eventually.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import {
  PASSWORD,
  authorizationRequest,
  landOnCallback,
  launchChromium,
  organizationWithMember,
  registerApp,
  skipReason,
  startCallback,
  checkPage as checkPageOf,
} from './e2e.fixtures.js';

/** Screenshot, labelled inputs, and no axe-core violation of any impact. */
const checkPage = (page: Page, step: string) => checkPageOf(page, 'mfa', step);

describe('MFA pages in Chromium [sqlite]', { skip: skipReason() }, () => {
  let server: TestServer;
  let callback: Awaited<ReturnType<typeof startCallback>>;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let browser: Browser;
  // The services' clock, moved by hand: each login's TOTP code is of a later 30-second step.
  let now = Date.now();
  const clock: Clock = { now: () => new Date(now) };
  const code = (secret: string) => generate({ secret, epoch: Math.floor(now / 1000) });

  before(async () => {
    browser = await launchChromium();
    callback = await startCallback();
    mailbox = await startMailbox();
    server = await startServer('sqlite', {
      clock,
      env: { GATEHOUSE_SMTP_URL: mailbox.url, GATEHOUSE_EMAIL_FROM: 'Login <login@acme.example>' },
    });
  });
  after(async () => {
    await Promise.all([browser?.close(), callback?.close(), mailbox?.close(), server?.close()]);
  });

  it('enrols TOTP in an organization login, then signs in with a code, a recovery code and an emailed code', async () => {
    const { org } = await organizationWithMember(server, 'mfa-browser');
    const patched = await server.api('PATCH', `/organizations/${org.id}`, { gatehouse_mfa_policy: { require: true } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const app = await registerApp(server, callback.url, { organization_usage: 'allow' });
    const email = 'member@mfa-browser.example';

    /** A fresh browser context through email and password, up to the page after the password. */
    async function signIn(): Promise<{ page: Page; flow: Awaited<ReturnType<typeof authorizationRequest>>; close(): Promise<void> }> {
      const context = await browser.newContext();
      const page = await context.newPage();
      const flow = await authorizationRequest(app, { organization: org.id });
      await page.goto(flow.url);
      await page.getByLabel('Email address').fill(email);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Continue' }).click();
      return { page, flow, close: () => context.close() };
    }

    // 1. Enrolment: the key typed by hand instead of the QR code, then the recovery codes, once.
    const first = await signIn();
    let page = first.page;
    await page.getByRole('heading', { name: 'Set up two-step verification' }).waitFor();
    await checkPage(page, '1-enrol');
    const secret = (await page.locator('#totp-key').textContent())!.replaceAll(' ', '');
    await page.getByLabel('Authentication code').fill('000000' === (await code(secret)) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify and continue' }).click();
    await page.getByText('That code is not right').waitFor();
    await checkPage(page, '2-enrol-wrong-code');
    // A wrong code made a new key: read it again.
    const key = (await page.locator('#totp-key').textContent())!.replaceAll(' ', '');
    await page.getByLabel('Authentication code').fill(await code(key));
    await page.getByRole('button', { name: 'Verify and continue' }).click();
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    await checkPage(page, '3-recovery-codes');
    const codes = await page.getByRole('list', { name: 'Recovery codes' }).locator('code').allTextContents();
    assert.equal(codes.length, 10);
    await page.getByRole('button', { name: 'I saved my codes, continue' }).click();
    assert.deepEqual((await landOnCallback(page, app, first.flow)).amr, ['pwd', 'otp', 'mfa']);
    await first.close();

    // 2. The challenge, with the code of a later step.
    now += 30_000;
    const second = await signIn();
    page = second.page;
    await page.getByRole('heading', { name: 'Verify your identity' }).waitFor();
    await checkPage(page, '4-challenge');
    await page.getByLabel('Authentication code').fill(await code(key));
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.deepEqual((await landOnCallback(page, app, second.flow)).amr, ['pwd', 'otp', 'mfa']);
    await second.close();

    // 3. A recovery code instead.
    const third = await signIn();
    page = third.page;
    await page.getByRole('link', { name: 'Use a recovery code' }).click();
    await page.getByRole('heading', { name: 'Use a recovery code' }).waitFor();
    await checkPage(page, '5-recovery-code');
    await page.getByLabel('Recovery code').fill(codes[0]);
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.deepEqual((await landOnCallback(page, app, third.flow)).amr, ['pwd', 'mfa']);
    await third.close();

    // 4. The emailed code, read from the mailbox.
    const fourth = await signIn();
    page = fourth.page;
    await page.getByRole('button', { name: 'Email me a code instead' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await checkPage(page, '6-email-code');
    const mails = await eventually(
      async () => mailbox.mails.filter((m) => m.to.includes(email)),
      (found) => found.length > 0,
    );
    const emailed = /\b(\d{6})\b/.exec(mails[0]?.text ?? '')?.[1];
    assert.ok(emailed, 'the code arrived by email');
    await page.getByLabel('Email code').fill(emailed);
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.deepEqual((await landOnCallback(page, app, fourth.flow)).amr, ['pwd', 'mfa']);
    await fourth.close();
  });
});
