// More of the Users area in Chromium: blocking and unblocking from the profile, and editing
// user_metadata and app_metadata as JSON. Every result is read back through the Management API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { PHONE, checkScreen, skipReason, startConsole, type ConsoleHarness, type Viewport } from './console.fixtures.js';

const DATABASE = 'Username-Password-Authentication';

describe('admin console users, more, in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsole();
  });
  after(async () => {
    await harness?.close();
  });

  async function seedUser(email: string, extra: object = {}): Promise<string> {
    const res = await harness.server.api('POST', '/users', { connection: DATABASE, email, password: 'Seeded-user-passphrase-1', ...extra });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.user_id;
  }

  const userPath = (id: string) => `/users/${encodeURIComponent(id)}`;
  const stored = async (id: string) => (await harness.server.api('GET', userPath(id))).body;

  /** Signs in straight onto a user's profile and runs `use` there. */
  function withProfile(id: string, email: string, use: (page: Page) => Promise<void>, viewport?: Viewport): Promise<void> {
    return harness.withConsole(
      `/console${userPath(id)}`,
      async (page) => {
        await page.getByRole('heading', { level: 1, name: email }).waitFor();
        await use(page);
      },
      viewport,
    );
  }

  /** The error message tied to a field through aria-describedby, or undefined when it has none. */
  async function errorOf(page: Page, field: Locator): Promise<string | undefined> {
    if ((await field.getAttribute('aria-invalid')) !== 'true') return undefined;
    const errorId = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').find((id) => id.endsWith('-error'));
    return errorId ? ((await page.locator(`[id="${errorId}"]`).textContent()) ?? undefined) : undefined;
  }

  it('blocks a user from the profile, then unblocks them', async () => {
    const email = 'blockable@users-more.example';
    const id = await seedUser(email);
    await withProfile(id, email, async (page) => {
      const profile = page.getByRole('region', { name: 'Profile' });
      await profile.getByText('Active', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Block', exact: true }).click();
      await page.getByRole('button', { name: 'Unblock' }).waitFor();
      await profile.getByText('Blocked', { exact: true }).waitFor();
      await checkScreen(page, 'users-blocked');
      assert.equal((await stored(id)).blocked, true);

      await page.getByRole('button', { name: 'Unblock' }).click();
      await page.getByRole('button', { name: 'Block', exact: true }).waitFor();
      await profile.getByText('Active', { exact: true }).waitFor();
      assert.equal((await stored(id)).blocked, false);
    });
  });

  it('saves edited metadata exactly as shown: changed keys, a nested object replaced, a key removed', async () => {
    const email = 'metadata.person@users-more.example';
    const id = await seedUser(email, {
      user_metadata: { theme: 'dark', address: { city: 'Lyon', zip: '69001' }, legacy: true },
      app_metadata: { plan: 'free' },
    });
    await withProfile(id, email, async (page) => {
      const form = page.getByRole('form', { name: 'Metadata' });
      const user = form.getByLabel('User metadata');
      assert.deepEqual(JSON.parse(await user.inputValue()), { theme: 'dark', address: { city: 'Lyon', zip: '69001' }, legacy: true });
      await checkScreen(page, 'users-metadata');
      const userMetadata = { theme: 'light', address: { city: 'Paris' }, language: 'fr' };
      await user.fill(JSON.stringify(userMetadata, null, 2));
      await form.getByLabel('App metadata').fill('{}');
      await form.getByRole('button', { name: 'Update metadata' }).click();
      await form.getByText('Metadata updated.').waitFor();
      const after = await stored(id);
      assert.deepEqual(after.user_metadata, userMetadata);
      assert.deepEqual(after.app_metadata, {});
      assert.deepEqual(JSON.parse(await user.inputValue()), userMetadata);
      await checkScreen(page, 'users-metadata-saved');
    });
  });

  it('refuses JSON that does not parse, with the error on that field, and sends nothing', async () => {
    const email = 'bad.json@users-more.example';
    const id = await seedUser(email, { user_metadata: { keep: 1 } });
    await withProfile(
      id,
      email,
      async (page) => {
        const form = page.getByRole('form', { name: 'Metadata' });
        const user = form.getByLabel('User metadata');
        await user.fill('{"keep": 2,');
        await form.getByLabel('App metadata').fill('["not", "an object"]');
        await form.getByRole('button', { name: 'Update metadata' }).click();
        await form.locator('.field-error').first().waitFor();
        assert.match((await errorOf(page, user)) ?? '', /^Not valid JSON/);
        assert.equal(await errorOf(page, form.getByLabel('App metadata')), 'Must be a JSON object, like {"key": "value"}.');
        await checkScreen(page, 'users-metadata-invalid');
        assert.deepEqual((await stored(id)).user_metadata, { keep: 1 });
        // Fixing the text clears its error.
        await user.fill('{"keep": 2}');
        assert.equal(await errorOf(page, user), undefined);
      },
      PHONE,
    );
  });

  it('shows the API refusal of too large app metadata next to App metadata', async () => {
    const email = 'big.metadata@users-more.example';
    const id = await seedUser(email);
    await withProfile(id, email, async (page) => {
      const form = page.getByRole('form', { name: 'Metadata' });
      const app = form.getByLabel('App metadata');
      await app.fill(JSON.stringify({ blob: 'x'.repeat(17 * 1024) }));
      await form.getByRole('button', { name: 'Update metadata' }).click();
      await form.locator('.field-error').waitFor();
      assert.match((await errorOf(page, app)) ?? '', /Metadata is too large .* on property app_metadata\.$/);
      assert.equal(await errorOf(page, form.getByLabel('User metadata')), undefined);
      await checkScreen(page, 'users-metadata-too-large');
      assert.deepEqual((await stored(id)).app_metadata, {});
    });
  });
});
