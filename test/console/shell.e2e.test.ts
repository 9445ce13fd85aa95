// The console's frame: signing in through the hosted login, the first screen, sign-out, and who
// may use it. The screens themselves have their own files.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, PHONE, checkScreen, signInToConsole, skipReason, startConsole, type ConsoleHarness } from './console.fixtures.js';

describe('admin console shell in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsole();
  });
  after(async () => {
    await harness?.close();
  });

  it('signs the administrator in through the hosted login and lands on the activity screen', async () => {
    await harness.withPage(async (page) => {
      await signInToConsole(page, harness.server);
      await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/console/activity');
      assert.match((await page.locator('.account .who').textContent()) ?? '', new RegExp(ADMIN.email));
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).click();
      await page.getByRole('heading', { level: 1, name: 'Organizations' }).waitFor();
      await checkScreen(page, 'shell-organizations');
    });
  });

  it('returns to the page that was asked for after signing in', async () => {
    await harness.withPage(async (page) => {
      await signInToConsole(page, harness.server, '/console/users');
      assert.equal(new URL(page.url()).pathname, '/console/users');
    });
  });

  it('refuses an account without a Management API role, with a page saying so', async () => {
    await harness.server.api('POST', '/users', {
      connection: 'Username-Password-Authentication',
      email: 'plain@console.example',
      password: 'Plain-user-passphrase-1',
    });
    await harness.withPage(async (page) => {
      await page.goto(`${harness.server.url}/console/`);
      await page.getByLabel('Email address').fill('plain@console.example');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Password').fill('Plain-user-passphrase-1');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'No access to the console' }).waitFor();
      await checkScreen(page, 'shell-no-access');
    });
  });

  it('signs out at the server, so the next visit asks for the password again', async () => {
    await harness.withPage(async (page) => {
      await signInToConsole(page, harness.server);
      const logouts: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/oidc/logout') logouts.push(request.url());
      });
      await page.getByRole('button', { name: 'Sign out' }).click();
      // The console sends its ID token as the hint, so the logout needs no confirmation (Auth0's behaviour).
      await page.getByLabel('Email address').waitFor();
      assert.equal(logouts.length, 1);
      assert.ok(new URL(logouts[0]).searchParams.get('id_token_hint'), 'the console sent its ID token as the hint');
      assert.equal(await page.getByRole('button', { name: /^(yes|log out)$/i }).count(), 0, 'no confirmation page');
    });
  });

  it('fits a phone-width screen without sideways scrolling of the page', async () => {
    await harness.withConsole(
      '/console/',
      async (page) => {
        await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
        await page.getByRole('region', { name: 'Sign-ins per day', exact: true }).waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
        await checkScreen(page, 'shell-phone');
      },
      PHONE,
    );
  });
});
