// The self-service account page in real Chromium: a person signs in through the hosted login, adds
// an authenticator app (QR code, manual key, a code from otplib), and removes it once their login
// is older than the My Account API allows: the page sends them through the login again (max_age=0)
// and comes back to finish. axe-core checks every screen.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { checkPage, launchChromium, PASSWORD, skipReason } from '../e2e/e2e.fixtures.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import { REAUTHENTICATION_MAX_AGE_SECONDS } from '../../src/domain/mfa/recent-authentication.js';
import { DEFAULT_DATABASE_CONNECTION } from '../../src/domain/bootstrap/tenant-admin.js';
import { totp } from '../mfa/mfa.fixtures.js';

describe('self-service account page in Chromium [sqlite]', { skip: skipReason() }, () => {
  let server: TestServer;
  let browser: Browser;
  // The services' clock runs `shiftMs` ahead of the provider's: a login made now looks old to the API.
  let shiftMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + shiftMs) };
  let user: { user_id: string; email: string };

  before(async () => {
    server = await startServer('sqlite', { clock });
    browser = await launchChromium();
    const made = await server.api('POST', '/users', {
      connection: DEFAULT_DATABASE_CONNECTION,
      email: 'pat@account.example',
      password: PASSWORD,
      email_verified: true,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    user = made.body;
  });
  after(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  it('signs in, adds an authenticator app, and removes it after signing in again', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/account/`);
      await page.getByLabel('Email address').fill(user.email);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((url) => url.pathname === '/account/security');
      await page.getByRole('heading', { name: 'Security', level: 1 }).waitFor();
      await page.getByText('You have no second factor yet.').waitFor();
      await checkPage(page, 'account', '1-empty');

      // Add an authenticator app: QR code and key, then a code computed from the key.
      await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
      const form = page.getByRole('form', { name: 'Set up an authenticator app' });
      await form.getByRole('img', { name: 'QR code to scan with your authenticator app' }).waitFor();
      const key = (await form.locator('#totp-key').textContent())!;
      await checkPage(page, 'account', '2-enrol');
      await form.getByLabel('Code from the app').fill('000000');
      await form.getByRole('button', { name: 'Verify and add' }).click();
      await form.locator('.field-error').waitFor();
      await form.getByLabel('Code from the app').fill(await totp(key, Date.now() + shiftMs));
      await form.getByRole('button', { name: 'Verify and add' }).click();
      await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
      assert.equal(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count(), 10);
      await checkPage(page, 'account', '3-recovery-codes');
      await page.getByRole('button', { name: 'I saved them' }).click();
      const table = page.getByRole('table', { name: 'Your sign-in methods' });
      await table.getByRole('cell', { name: 'Authenticator app', exact: true }).waitFor();
      await table.getByRole('cell', { name: 'Recovery codes', exact: true }).waitFor();

      // Later: the login is too old to remove a factor; the page sends the person to sign in again.
      shiftMs = (REAUTHENTICATION_MAX_AGE_SECONDS + 60) * 1000;
      await page.getByRole('button', { name: 'Remove Authenticator app' }).click();
      await page.getByRole('dialog', { name: 'Remove Authenticator app?' }).getByRole('button', { name: 'Remove' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/login/'));
      const password = page.getByLabel('Password');
      const email = page.getByLabel('Email address');
      // A new login: the credentials again, though the session lasts.
      await password.or(email).waitFor();
      if (await email.isVisible()) {
        await email.fill(user.email);
        await page.getByRole('button', { name: 'Continue' }).click();
      }
      await password.fill(PASSWORD);
      await page.getByRole('button', { name: 'Continue' }).click();
      // The new login proves the factor too; a minute on, so its code is a step the enrolment did not use.
      await page.getByRole('heading', { name: 'Verify your identity' }).waitFor();
      shiftMs = 60_000;
      await page.getByLabel('Authentication code').fill(await totp(key, Date.now() + shiftMs));
      await page.getByRole('button', { name: 'Continue' }).click();

      // Back on the page, the removal waits for the person's confirmation.
      await page.waitForURL((url) => url.pathname === '/account/security' && url.searchParams.has('remove'));
      const finish = page.getByRole('dialog', { name: 'Remove Authenticator app?' });
      await finish.waitFor();
      await checkPage(page, 'account', '4-finish-removal');
      await finish.getByRole('button', { name: 'Remove' }).click();
      await page.getByText('Authenticator app was removed.').waitFor();
      await page.getByText('You have no second factor yet.').waitFor();
      await checkPage(page, 'account', '5-removed');
    } finally {
      shiftMs = 0;
      await context.close();
    }
    assert.deepEqual(await server.app.services.mfa.list(user.user_id), []);
    const removal = await server.database.db.kysely
      .selectFrom('events')
      .select(['actor_type', 'actor_id'])
      .where('action', '=', 'gd_unenroll')
      .where('user_id', '=', user.user_id)
      .execute();
    assert.deepEqual(removal, [{ actor_type: 'user', actor_id: user.user_id }]);
  });
});
