// The console's Roles and APIs areas: creating a role and giving it an API's permission, creating an
// API with a scope, the read-only Management API, and deleting behind a confirmation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkScreen, skipReason, startConsole, type ConsoleHarness } from './console.fixtures.js';

const BILLING = 'https://billing.console.example';

describe('admin console roles and APIs in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsole();
    const api = await harness.server.api('POST', '/resource-servers', {
      name: 'Billing API',
      identifier: BILLING,
      scopes: [{ value: 'read:invoices', description: 'Read invoices' }, { value: 'pay:invoices' }],
    });
    assert.equal(api.status, 201);
  });
  after(async () => {
    await harness?.close();
  });

  async function roleNamed(name: string): Promise<{ id: string; name: string; description?: string } | undefined> {
    const roles = await harness.server.api('GET', `/roles?name_filter=${encodeURIComponent(name)}`);
    return (roles.body as { id: string; name: string }[]).find((r) => r.name === name);
  }

  it('creates a role with a name and description', async () => {
    await harness.withConsole('/console/roles', async (page) => {
      await page.getByRole('heading', { level: 1, name: 'Roles' }).waitFor();
      await page.getByRole('link', { name: 'Tenant Administrator' }).waitFor();
      await checkScreen(page, 'roles-list');
      await page.getByRole('link', { name: 'Create role' }).click();
      await page.getByLabel('Name').fill('Billing clerk');
      await page.getByLabel('Description').fill('Reads and pays invoices');
      await checkScreen(page, 'roles-create');
      await page.getByRole('button', { name: 'Create role' }).click();
      await page.getByRole('heading', { level: 1, name: 'Billing clerk' }).waitFor();
      const role = await roleNamed('Billing clerk');
      assert.equal(role?.description, 'Reads and pays invoices');
      assert.match(page.url(), new RegExp(`/console/roles/${role!.id}$`));
    });
  });

  it('gives a role a permission of an API, picked by API then scope', async () => {
    const created = await harness.server.api('POST', '/roles', { name: 'Invoice reader' });
    await harness.withConsole(`/console/roles/${created.body.id}`, async (page) => {
      await page.getByText('This role grants no permission yet.').waitFor();
      await page.getByLabel('API', { exact: true }).selectOption({ label: `Billing API (${BILLING})` });
      await page.getByLabel('read:invoices').check();
      await checkScreen(page, 'roles-detail');
      await page.getByRole('button', { name: 'Add permissions' }).click();
      await page.getByRole('button', { name: 'Remove read:invoices' }).waitFor();
      const permissions = await harness.server.api('GET', `/roles/${created.body.id}/permissions`);
      assert.deepEqual(
        permissions.body.map((p: { resource_server_identifier: string; permission_name: string }) => [
          p.resource_server_identifier,
          p.permission_name,
        ]),
        [[BILLING, 'read:invoices']],
      );
    });
  });

  it('deletes a role after confirming', async () => {
    const created = await harness.server.api('POST', '/roles', { name: 'Temporary role' });
    await harness.withConsole(`/console/roles/${created.body.id}`, async (page) => {
      await page.getByRole('button', { name: 'Delete role' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete role Temporary role?' });
      await checkScreen(page, 'roles-delete-confirm');
      await dialog.getByRole('button', { name: 'Delete role' }).click();
      await page.getByRole('heading', { level: 1, name: 'Roles' }).waitFor();
      assert.equal((await harness.server.api('GET', `/roles/${created.body.id}`)).status, 404);
    });
  });

  it('creates an API and adds a scope with a description to it', async () => {
    await harness.withConsole('/console/apis', async (page) => {
      await page.getByRole('heading', { level: 1, name: 'APIs' }).waitFor();
      await page.getByRole('link', { name: 'Billing API' }).waitFor();
      await checkScreen(page, 'apis-list');
      await page.getByRole('link', { name: 'Create API' }).click();
      await page.getByLabel('Name').fill('Shipping API');
      await page.getByLabel('Identifier').fill('https://shipping.console.example');
      await checkScreen(page, 'apis-create');
      await page.getByRole('button', { name: 'Create API' }).click();
      await page.getByRole('heading', { level: 1, name: 'Shipping API' }).waitFor();
      await page.getByRole('textbox', { name: 'Permission', exact: true }).fill('read:parcels');
      await page.getByRole('textbox', { name: 'Description', exact: true }).fill('Read parcels');
      await page.getByRole('button', { name: 'Add permission' }).click();
      await page.getByRole('button', { name: 'Remove read:parcels' }).waitFor();
      await checkScreen(page, 'apis-detail');
      const stored = await harness.server.api('GET', `/resource-servers/${encodeURIComponent('https://shipping.console.example')}`);
      assert.equal(stored.body.name, 'Shipping API');
      assert.equal(stored.body.signing_alg, 'RS256');
      assert.deepEqual(stored.body.scopes, [{ value: 'read:parcels', description: 'Read parcels' }]);
    });
  });

  it('shows a scope the API rejects beside the permission field', async () => {
    await harness.withConsole(`/console/apis/${encodeURIComponent(BILLING)}`, async (page) => {
      const field = page.getByRole('textbox', { name: 'Permission', exact: true });
      await field.fill('read:invoices');
      await page.getByRole('button', { name: 'Add permission' }).click();
      await page.locator('.field-error').waitFor();
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.match((await page.locator('.field-error').textContent()) ?? '', /Duplicate scope value: read:invoices/);
      const stored = await harness.server.api('GET', `/resource-servers/${encodeURIComponent(BILLING)}`);
      assert.equal(stored.body.scopes.length, 2);
    });
  });

  it('shows the Management API read-only, without a way to change or delete it', async () => {
    await harness.withConsole('/console/apis', async (page) => {
      await page.getByRole('link', { name: 'Gatehouse Management API' }).click();
      await page.getByRole('heading', { level: 1, name: 'Gatehouse Management API' }).waitFor();
      await page.getByText("This is Gatehouse's own Management API.").waitFor();
      assert.equal(await page.getByRole('button', { name: 'Delete API' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Add permission' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Save settings' }).count(), 0);
      await checkScreen(page, 'apis-system');
    });
  });

  it('deletes an API after confirming', async () => {
    const created = await harness.server.api('POST', '/resource-servers', { name: 'Old API', identifier: 'https://old.console.example' });
    await harness.withConsole(`/console/apis/${created.body.id}`, async (page) => {
      await page.getByRole('button', { name: 'Delete API' }).click();
      await page.getByRole('dialog', { name: 'Delete API Old API?' }).getByRole('button', { name: 'Delete API' }).click();
      await page.getByRole('heading', { level: 1, name: 'APIs' }).waitFor();
      assert.equal((await harness.server.api('GET', `/resource-servers/${created.body.id}`)).status, 404);
    });
  });
});
