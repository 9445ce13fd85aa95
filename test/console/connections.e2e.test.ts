// The Connections area in Chromium: creating each kind of connection, the values a customer's IT
// admin pastes into their IdP, write-only secrets, and API errors shown beside their field.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PHONE, checkScreen, skipReason, startConsole, type ConsoleHarness } from './console.fixtures.js';
import { createTestIdp } from '../federation/saml-idp.js';

/** The text of the hint and error tied to an input by aria-describedby. */
async function description(page: Page, label: string): Promise<string> {
  const ids = (await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '';
  const parts = await Promise.all(
    ids
      .split(' ')
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  return parts.join(' ');
}

describe('admin console connections in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsole();
  });
  after(async () => {
    await harness?.close();
  });

  it('creates a database connection and lists it with its type', async () => {
    await harness.withConsole('/console/connections', async (page) => {
      await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
      await checkScreen(page, 'connections-list');
      await page.getByRole('link', { name: 'Create connection' }).click();
      await page.getByRole('heading', { level: 1, name: 'Create connection' }).waitFor();
      await page.getByRole('radio', { name: /^Database/ }).check();
      await page.getByLabel(/^Name/).fill('staff-db');
      await page.getByLabel('Create a user record on first login').uncheck();
      await checkScreen(page, 'connections-new-database');
      await page.getByRole('button', { name: 'Create connection' }).click();
      await page.getByRole('heading', { level: 1, name: 'staff-db' }).waitFor();
      await checkScreen(page, 'connections-detail-database');

      const listed = await harness.server.api('GET', '/connections?name=staff-db');
      assert.equal(listed.body.length, 1);
      assert.equal(listed.body[0].strategy, 'auth0');
      assert.equal(listed.body[0].options.is_create_missing_user, false);

      await page.getByRole('link', { name: 'Connections' }).first().click();
      const row = page.getByRole('row', { name: /staff-db/ });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /Database/);
    });
  });

  it('creates a SAML connection owned by an organization from pasted metadata and shows the values for the IdP with copy buttons', async () => {
    const org = await harness.server.api('POST', '/organizations', { name: 'saml-customer', display_name: 'SAML Customer' });
    assert.equal(org.status, 201);
    const idp = createTestIdp();
    await harness.withConsole(`/console/organizations/${org.body.id}/authentication`, async (page) => {
      const create = page.getByRole('link', { name: 'Create connection' });
      if ((await create.count()) > 0) await create.first().click();
      else await page.goto(`${harness.server.url}/console/connections/new?organization=${org.body.id}`);
      await page.getByRole('heading', { level: 1, name: 'Create connection' }).waitFor();
      await page.getByRole('radio', { name: /^SAML/ }).check();
      await page.getByLabel(/^Name/).fill('customer-okta');
      await page.getByRole('radio', { name: 'Paste the IdP metadata XML' }).check();
      await page.getByLabel('IdP metadata XML', { exact: true }).fill(idp.metadataXml);
      await page.getByLabel('Home realm discovery domains').fill('saml-customer.example');
      await checkScreen(page, 'connections-new-saml');
      await page.getByRole('button', { name: 'Create connection' }).click();
      await page.getByRole('heading', { name: 'Values for the identity provider' }).waitFor();
      await page.getByRole('button', { name: 'Copy ACS URL' }).waitFor();
      await checkScreen(page, 'connections-saml-values');

      const id = new URL(page.url()).pathname.split('/').pop()!;
      const stored = await harness.server.api('GET', `/connections/${id}`);
      assert.equal(stored.body.organization_id, org.body.id);
      assert.equal(stored.body.strategy, 'samlp');
      assert.deepEqual(stored.body.options.domain_aliases, ['saml-customer.example']);
      assert.match(stored.body.options.metadataXml, /IDPSSODescriptor/);
      const sp = await harness.server.api('GET', `/connections/${id}/saml-sp`);
      const body = (await page.locator('main').textContent()) ?? '';
      for (const value of [sp.body.entity_id, sp.body.acs_url, sp.body.metadata_url]) assert.ok(body.includes(value), value);
      for (const label of ['Copy Entity ID', 'Copy ACS URL', 'Copy Metadata URL'])
        await page.getByRole('button', { name: label }).waitFor();
      await page.getByRole('button', { name: 'Copy ACS URL' }).click();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), sp.body.acs_url);
      await page.getByRole('link', { name: "Back to the organization's authentication" }).waitFor();
    });
  });

  it('creates an OIDC connection whose client secret is stored but never shown back', async () => {
    const secret = 'oidc-client-secret-never-shown-42';
    await harness.withConsole(
      '/console/connections/new',
      async (page) => {
        await page.getByRole('radio', { name: /^OpenID Connect/ }).check();
        await page.getByLabel(/^Name/).fill('partner-oidc');
        await page.getByLabel('Discovery URL', { exact: true }).fill('https://idp.partner.example/.well-known/openid-configuration');
        await page.getByLabel('Client ID').fill('gatehouse-client');
        await page.getByLabel('Client secret').fill(secret);
        await checkScreen(page, 'connections-new-oidc-phone');
        await page.getByRole('button', { name: 'Create connection' }).click();
        await page.getByRole('heading', { level: 1, name: 'partner-oidc' }).waitFor();
        await checkScreen(page, 'connections-detail-oidc-phone');
        assert.equal(await page.getByLabel('Client secret').inputValue(), '');
        assert.ok(!(await page.content()).includes(secret));
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scrolling');

        const listed = await harness.server.api('GET', '/connections?name=partner-oidc');
        assert.equal(listed.body[0].options.client_id, 'gatehouse-client');
        assert.equal(listed.body[0].options.client_secret, undefined);
        const row = await harness.server.database.db.kysely
          .selectFrom('connections')
          .select('options')
          .where('name', '=', 'partner-oidc')
          .executeTakeFirstOrThrow();
        assert.equal(JSON.parse(row.options).client_secret, secret);

        // Saving again without typing a secret keeps the stored one.
        await page.getByLabel('Client ID').fill('gatehouse-client-2');
        await page.getByRole('button', { name: 'Save changes' }).click();
        await page.getByText('Connection saved.').waitFor();
        const after = await harness.server.database.db.kysely
          .selectFrom('connections')
          .select('options')
          .where('name', '=', 'partner-oidc')
          .executeTakeFirstOrThrow();
        assert.deepEqual([JSON.parse(after.options).client_id, JSON.parse(after.options).client_secret], ['gatehouse-client-2', secret]);
      },
      PHONE,
    );
  });

  it('shows an API validation error beside the field it names', async () => {
    await harness.withConsole('/console/connections/new', async (page) => {
      await page.getByRole('radio', { name: /^SAML/ }).check();
      await page.getByLabel(/^Name/).fill('bad-domains');
      await page.getByRole('radio', { name: 'Enter the sign-in URL and certificate' }).check();
      await page.getByLabel('Home realm discovery domains').fill('not a domain!');
      await page.getByRole('button', { name: 'Create connection' }).click();
      const input = page.getByLabel('Home realm discovery domains');
      await page.locator('.field-error').first().waitFor();
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.match(await description(page, 'Home realm discovery domains'), /String is not a valid domain name: not/);
      await checkScreen(page, 'connections-field-error');
      assert.deepEqual((await harness.server.api('GET', '/connections?name=bad-domains')).body, []);
    });
  });

  it('enables a connection for chosen applications and reads it back through the Management API', async () => {
    const made = async (name: string) =>
      (await harness.server.api('POST', '/clients', { name, app_type: 'regular_web', callbacks: ['https://app.example.com/cb'] })).body
        .client_id as string;
    const [portal, billing] = [await made('Customer portal'), await made('Billing app')];
    const created = await harness.server.api('POST', '/connections', { name: 'apps-db', strategy: 'auth0' });
    assert.ok(created.body.enabled_clients.includes(portal) && created.body.enabled_clients.includes(billing));
    await harness.withConsole(`/console/connections/${created.body.id}`, async (page) => {
      const section = page.getByRole('region', { name: 'Applications' });
      const billingBox = section.getByLabel('Billing app', { exact: true });
      await billingBox.waitFor();
      assert.equal(await billingBox.isChecked(), true);
      await billingBox.uncheck();
      await checkScreen(page, 'connections-applications');
      await section.getByRole('button', { name: 'Save applications' }).click();
      await section.getByText('Applications saved.').waitFor();
      const stored = (await harness.server.api('GET', `/connections/${created.body.id}`)).body.enabled_clients as string[];
      assert.ok(stored.includes(portal));
      assert.ok(!stored.includes(billing));
      const listed = (await harness.server.api('GET', `/connections/${created.body.id}/clients`)).body.clients as { client_id: string }[];
      assert.deepEqual(
        listed.map((c) => c.client_id),
        stored,
      );

      await page.reload();
      await page.getByRole('region', { name: 'Applications' }).getByLabel('Customer portal', { exact: true }).waitFor();
      assert.equal(await page.getByRole('region', { name: 'Applications' }).getByLabel('Billing app', { exact: true }).isChecked(), false);
    });
  });

  it('deletes a connection after confirming', async () => {
    const created = await harness.server.api('POST', '/connections', { name: 'doomed-db', strategy: 'auth0' });
    await harness.withConsole(`/console/connections/${created.body.id}`, async (page) => {
      await page.getByRole('button', { name: 'Delete connection' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete connection doomed-db?' });
      await checkScreen(page, 'connections-delete-confirm');
      await dialog.getByRole('button', { name: 'Delete connection' }).click();
      await page.waitForURL((url) => url.pathname === '/console/connections');
      assert.equal((await harness.server.api('GET', `/connections/${created.body.id}`)).status, 404);
    });
  });
});
