// The console's Applications area: creating an application and seeing its secret once, rotating it,
// the organization login settings, field errors from the API, the APIs it may call, and deleting it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PHONE, checkScreen, skipReason, startConsole, type ConsoleHarness } from './console.fixtures.js';

const INVENTORY = 'https://inventory.console.example';

describe('admin console applications in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsole();
    const api = await harness.server.api('POST', '/resource-servers', {
      name: 'Inventory API',
      identifier: INVENTORY,
      scopes: [{ value: 'read:stock', description: 'Read stock' }, { value: 'write:stock' }],
    });
    assert.equal(api.status, 201);
  });
  after(async () => {
    await harness?.close();
  });

  async function createClient(body: Record<string, unknown>): Promise<{ client_id: string; client_secret: string; name: string }> {
    const created = await harness.server.api('POST', '/clients', body);
    assert.equal(created.status, 201);
    return created.body;
  }

  async function clientCredentials(clientId: string, clientSecret: string): Promise<number> {
    const res = await fetch(`${harness.server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, audience: INVENTORY }),
    });
    await res.arrayBuffer();
    return res.status;
  }

  async function shownSecret(page: Page): Promise<string> {
    const secret = (await page.locator('.secret code').textContent())?.trim() ?? '';
    assert.ok(secret.length > 20, 'a client secret is shown');
    return secret;
  }

  it('creates a regular web application with callbacks and shows its secret once, not after a reload', async () => {
    await harness.withConsole('/console/applications', async (page) => {
      await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
      await page.getByRole('link', { name: 'Gatehouse Console' }).waitFor();
      await checkScreen(page, 'applications-list');
      await page.getByRole('link', { name: 'Create application' }).click();
      await page.getByRole('heading', { level: 1, name: 'Create application' }).waitFor();
      await page.getByLabel('Name').fill('Customer portal');
      await page.getByLabel('Regular Web Application').check();
      await page.getByLabel('Allowed Callback URLs').fill('https://portal.example.com/callback\nhttps://portal.example.com/auth/return');
      await checkScreen(page, 'applications-create');
      await page.getByRole('button', { name: 'Create application' }).click();
      await page.getByRole('heading', { level: 1, name: 'Customer portal' }).waitFor();
      const secret = await shownSecret(page);
      await checkScreen(page, 'applications-credentials-secret');

      const clientId = decodeURIComponent(new URL(page.url()).pathname.split('/')[3]!);
      const stored = await harness.server.api('GET', `/clients/${clientId}`);
      assert.equal(stored.body.name, 'Customer portal');
      assert.equal(stored.body.app_type, 'regular_web');
      assert.deepEqual(stored.body.callbacks, ['https://portal.example.com/callback', 'https://portal.example.com/auth/return']);
      assert.equal(stored.body.client_secret, secret);

      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Client secret' }).waitFor();
      assert.equal(await page.locator('.secret').count(), 0);
      assert.ok(!(await page.content()).includes(secret), 'the secret is not in the page after a reload');
      await checkScreen(page, 'applications-credentials');
    });
  });

  it('rotates the secret after confirming: the old secret stops working and the new one works', async () => {
    const app = await createClient({ name: 'Stock sync', app_type: 'non_interactive' });
    assert.equal(
      (await harness.server.api('POST', '/client-grants', { client_id: app.client_id, audience: INVENTORY, scope: ['read:stock'] })).status,
      201,
    );
    assert.equal(await clientCredentials(app.client_id, app.client_secret), 200);
    await harness.withConsole(`/console/applications/${app.client_id}/credentials`, async (page) => {
      await page.getByRole('heading', { level: 2, name: 'Client secret' }).waitFor();
      assert.equal(await page.locator('.secret').count(), 0, 'no stored secret on the detail screen');
      await page.getByRole('button', { name: 'Rotate secret' }).click();
      const dialog = page.getByRole('dialog', { name: 'Rotate the client secret?' });
      await checkScreen(page, 'applications-rotate-confirm');
      await dialog.getByRole('button', { name: 'Rotate secret' }).click();
      await page.locator('.secret code').waitFor();
      const rotated = await shownSecret(page);
      assert.notEqual(rotated, app.client_secret);
      assert.equal(await clientCredentials(app.client_id, app.client_secret), 401);
      assert.equal(await clientCredentials(app.client_id, rotated), 200);
    });
  });

  it('requires an organization with the prompt-for-organization login flow', async () => {
    const app = await createClient({ name: 'Partner portal', app_type: 'regular_web', callbacks: ['https://partners.example.com/cb'] });
    await harness.withConsole(`/console/applications/${app.client_id}/organizations`, async (page) => {
      const flow = page.getByLabel('Login flow');
      await flow.waitFor();
      assert.equal(await flow.isDisabled(), true, 'the login flow only applies when an organization is required');
      await page.getByLabel('Type of users').selectOption('require');
      assert.equal(await flow.isDisabled(), false);
      await flow.selectOption('pre_login_prompt');
      await checkScreen(page, 'applications-organizations');
      await page.getByRole('button', { name: 'Save organization settings' }).click();
      await page.getByRole('status').filter({ hasText: 'Organization settings saved.' }).waitFor();
      const stored = await harness.server.api('GET', `/clients/${app.client_id}`);
      assert.equal(stored.body.organization_usage, 'require');
      assert.equal(stored.body.organization_require_behavior, 'pre_login_prompt');
    });
  });

  it('shows a callback URL the API rejects beside the callbacks field and keeps the stored ones', async () => {
    const app = await createClient({ name: 'Wildcard app', app_type: 'regular_web', callbacks: ['https://wild.example.com/cb'] });
    await harness.withConsole(`/console/applications/${app.client_id}`, async (page) => {
      const callbacks = page.getByLabel('Allowed Callback URLs');
      await callbacks.fill('https://wild.example.com/*');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.locator('.field-error').waitFor();
      assert.equal(await callbacks.getAttribute('aria-invalid'), 'true');
      const errorId = (await callbacks.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
      assert.match((await page.locator(`[id="${errorId}"]`).textContent()) ?? '', /Wildcards are not allowed/);
      await checkScreen(page, 'applications-settings-error');
      const stored = await harness.server.api('GET', `/clients/${app.client_id}`);
      assert.deepEqual(stored.body.callbacks, ['https://wild.example.com/cb']);
    });
  });

  it('authorizes a machine-to-machine application to call an API with the scopes picked', async () => {
    const app = await createClient({ name: 'Report builder', app_type: 'non_interactive' });
    await harness.withConsole(`/console/applications/${app.client_id}/apis`, async (page) => {
      await page.getByText('This application may not call any API yet.').waitFor();
      await page.getByLabel('API', { exact: true }).selectOption({ label: `Inventory API (${INVENTORY})` });
      await page.getByLabel('read:stock').check();
      await checkScreen(page, 'applications-apis');
      await page.getByRole('button', { name: 'Authorize' }).click();
      await page.getByRole('button', { name: 'Revoke access to Inventory API' }).waitFor();
      const grants = await harness.server.api('GET', `/client-grants?client_id=${app.client_id}`);
      assert.equal(grants.body.length, 1);
      assert.equal(grants.body[0].audience, INVENTORY);
      assert.deepEqual(grants.body[0].scope, ['read:stock']);

      await page.getByRole('button', { name: 'Revoke access to Inventory API' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke access' }).click();
      await page.getByText('This application may not call any API yet.').waitFor();
      assert.equal((await harness.server.api('GET', `/client-grants?client_id=${app.client_id}`)).body.length, 0);
    });
  });

  it("marks the console's own application and warns before deleting it", async () => {
    await harness.withConsole('/console/applications', async (page) => {
      await page.getByRole('link', { name: 'Gatehouse Console' }).click();
      await page.getByRole('heading', { level: 1, name: 'Gatehouse Console' }).waitFor();
      await page.getByText('This is the admin console you are using.').first().waitFor();
      await page.getByRole('button', { name: 'Delete application' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete application Gatehouse Console?' });
      await dialog.getByText('This is the admin console you are using.').waitFor();
      await checkScreen(page, 'applications-delete-console-warning');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
    });
  });

  it('deletes an application after confirming', async () => {
    const app = await createClient({ name: 'Retired app', app_type: 'spa' });
    await harness.withConsole(`/console/applications/${app.client_id}`, async (page) => {
      await page.getByRole('button', { name: 'Delete application' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete application' }).click();
      await page.getByRole('heading', { level: 1, name: 'Applications' }).waitFor();
      assert.equal((await harness.server.api('GET', `/clients/${app.client_id}`)).status, 404);
    });
  });

  it('fits the application screens on a phone without sideways scrolling of the page', async () => {
    const app = await createClient({ name: 'Phone app', app_type: 'native', callbacks: ['com.example.app://callback'] });
    await harness.withConsole(
      `/console/applications/${app.client_id}`,
      async (page) => {
        for (const tab of ['Settings', 'Credentials', 'Organizations', 'APIs']) {
          await page.getByRole('navigation', { name: 'Application' }).getByRole('link', { name: tab }).click();
          await page.getByRole('heading', { level: 1, name: 'Phone app' }).waitFor();
          await page.getByRole('heading', { level: 2 }).first().waitFor();
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${tab}: the page scrolls sideways by ${overflow}px`);
          await checkScreen(page, `applications-phone-${tab.toLowerCase()}`);
        }
      },
      PHONE,
    );
  });
});
