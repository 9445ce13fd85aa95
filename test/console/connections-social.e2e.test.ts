// Social connections in the console, in Chromium: Google and GitHub are created from their client ID
// and secret, the form names the redirect URI to register, and the secret is never shown back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkScreen, skipReason, startConsole, type ConsoleHarness } from './console.fixtures.js';

describe('admin console social connections in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsole();
  });
  after(async () => {
    await harness?.close();
  });

  for (const [strategy, label] of [
    ['google-oauth2', 'Google'],
    ['github', 'GitHub'],
  ] as const) {
    it(`creates a ${label} connection from the provider app's client ID and secret`, async () => {
      const secret = `${strategy}-secret-never-shown-0123456789`;
      await harness.withConsole('/console/connections/new', async (page) => {
        await page.getByRole('radio', { name: new RegExp(`^${label}`) }).check();
        await page.getByLabel(/^Name/).fill(`${strategy}-social`);
        await page.getByLabel('Display name').fill(label);
        await page.getByText(`Register ${harness.server.url}/login/sso/oidc/callback as the`).waitFor();
        assert.equal(
          await page.getByLabel('Trust email addresses provided by this connection').count(),
          0,
          'social logins never match users by email',
        );
        await page.getByLabel('Client ID').fill(`${strategy}-client`);
        await page.getByLabel('Client secret').fill(secret);
        await checkScreen(page, `connections-new-${strategy}`);
        await page.getByRole('button', { name: 'Create connection' }).click();
        await page.getByRole('heading', { level: 1, name: label, exact: true }).waitFor();
        assert.equal(await page.getByLabel('Client secret').inputValue(), '');
        assert.ok(!(await page.content()).includes(secret));

        const listed = (await harness.server.api('GET', `/connections?name=${strategy}-social`)).body;
        assert.equal(listed[0].strategy, strategy);
        assert.equal(listed[0].options.client_id, `${strategy}-client`);
        assert.equal(listed[0].options.client_secret, undefined);
        const row = await harness.server.database.db.kysely
          .selectFrom('connections')
          .select('options')
          .where('name', '=', `${strategy}-social`)
          .executeTakeFirstOrThrow();
        assert.equal(JSON.parse(row.options).client_secret, secret);
      });
    });
  }
});
