// The connection profile screen in real Chromium: the tenant administrator narrows what customers'
// organization admins may create and set, saves it, and goes back to the default.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkScreen, skipReason, startConsole, type ConsoleHarness } from './console.fixtures.js';

describe('admin console connection profile in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsole();
  });
  after(async () => {
    await harness?.close();
  });

  it('saves a narrower profile and returns to the default', async () => {
    const { server } = harness;
    await harness.withConsole('/console/connections', async (page) => {
      await page.getByRole('link', { name: 'Connection profile' }).click();
      const form = page.getByRole('form', { name: 'Connection profile' });
      await form.getByText('No profile saved yet').waitFor();
      await checkScreen(page, 'connection-profile-default');

      await form.getByRole('textbox', { name: 'Name' }).fill('Customers');
      await form.getByLabel(/Organizations may create Okta/).uncheck();
      await form.getByLabel('OpenID Connect: client_secret').uncheck();
      await form.getByRole('button', { name: 'Save connection profile' }).click();
      await page.getByText('Connection profile saved.').waitFor();
      const [saved] = (await server.api('GET', '/connection-profiles')).body.connection_profiles;
      assert.equal(saved.name, 'Customers');
      assert.ok(!('okta' in saved.gatehouse_strategies), 'okta no longer allowed');
      assert.ok(!saved.gatehouse_strategies.oidc.includes('client_secret'));
      assert.ok(saved.gatehouse_strategies.oidc.includes('client_id'));
      await checkScreen(page, 'connection-profile-saved');

      await form.getByRole('button', { name: 'Use the default' }).click();
      await page.getByRole('dialog', { name: 'Go back to the default profile?' }).getByRole('button', { name: 'Use the default' }).click();
      await page.getByText('The default connection profile applies again.').waitFor();
      assert.deepEqual((await server.api('GET', '/connection-profiles')).body.connection_profiles, []);
    });
  });
});
