// The Provisioning section of an enterprise connection in Chromium: enabling SCIM, the endpoint, a
// token shown once that then works against the SCIM endpoint, the group → role mapping, the last
// sync events, and disabling SCIM.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkScreen, skipReason, startConsole, type ConsoleHarness } from './console.fixtures.js';

describe('admin console SCIM provisioning in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsole();
  });
  after(async () => {
    await harness?.close();
  });

  it('enables SCIM, creates a token that provisions a user, maps a group to a role and disables SCIM', async () => {
    const { server } = harness;
    const org = await server.api('POST', '/organizations', { name: 'prov-customer' });
    const conn = await server.api('POST', '/connections', {
      name: 'prov-okta',
      strategy: 'samlp',
      organization_id: org.body.id,
      options: { signInEndpoint: 'https://idp.example.test/sso' },
    });
    const role = await server.api('POST', '/roles', { name: 'prov-engineer' });
    await harness.withConsole(`/console/connections/${conn.body.id}`, async (page) => {
      await page.getByRole('heading', { name: 'Provisioning' }).waitFor();
      await page.getByRole('button', { name: 'Enable SCIM provisioning' }).click();
      await page.getByRole('button', { name: 'Copy SCIM endpoint URL' }).waitFor();
      assert.equal((await server.api('GET', `/connections/${conn.body.id}/scim-configuration`)).status, 200);

      await page.getByRole('button', { name: 'Create token' }).click();
      const tokenField = page.locator('.copy-field', { hasText: 'New SCIM token (shown once)' }).locator('code');
      await tokenField.waitFor();
      const token = ((await tokenField.textContent()) ?? '').trim();
      assert.match(token, /^scim_/);
      const created = await fetch(`${server.url}/scim/v2/connections/${conn.body.id}/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'pat@prov.example' }),
      });
      assert.equal(created.status, 201);

      await page.getByLabel('Group name', { exact: true }).fill('Engineering');
      await page.getByLabel('Role', { exact: true }).selectOption({ label: 'prov-engineer' });
      await page.getByRole('button', { name: 'Add mapping' }).click();
      await page.getByRole('cell', { name: 'engineering', exact: true }).waitFor();
      const mapped = await server.api('GET', `/organizations/${org.body.id}/enabled_connections/${conn.body.id}/group_role_mappings`);
      assert.deepEqual(mapped.body.mappings, [{ group: 'engineering', role_id: role.body.id }]);

      await page.reload();
      await page.getByText('user_created').first().waitFor();
      await checkScreen(page, 'connections-provisioning');

      await page.getByRole('button', { name: 'Disable SCIM' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Disable SCIM' }).click();
      await page.getByRole('button', { name: 'Enable SCIM provisioning' }).waitFor();
      assert.equal((await server.api('GET', `/connections/${conn.body.id}/scim-configuration`)).status, 404);
    });
  });
});
