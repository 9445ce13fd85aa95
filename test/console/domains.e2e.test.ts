// The organization's Domains tab in real Chromium: add a domain, read the TXT record to publish,
// verify it against a DNS server the test runs on loopback, turn on SSO enforcement, remove it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkScreen, skipReason, startConsole, withOrganizationTab, type ConsoleHarness } from './console.fixtures.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';

describe('admin console organization domains in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  let dns: TestDnsServer;
  before(async () => {
    dns = await startDnsServer();
    harness = await startConsole({ GATEHOUSE_DNS_SERVERS: dns.address });
  });
  after(async () => {
    await Promise.all([harness?.close(), dns?.close()]);
  });

  it('adds a domain, shows its TXT record, verifies it once published, and removes it', async () => {
    const org = (await harness.server.api('POST', '/organizations', { name: 'console-domains' })).body as { id: string };
    await withOrganizationTab(harness, org.id, 'domains', async (page) => {
      await page.getByText('No domains yet.').waitFor();
      await checkScreen(page, 'organizations-domains-empty');
      const form = page.getByRole('form', { name: 'Add domain' });

      // A public provider is refused next to the field.
      await form.getByLabel('Domain').fill('gmail.com');
      await form.getByRole('button', { name: 'Add domain' }).click();
      await form.getByText(/Public email domains cannot be claimed/).waitFor();
      assert.equal(await form.getByLabel('Domain').getAttribute('aria-invalid'), 'true');

      await form.getByLabel('Domain').fill('Console-Acme.example');
      await form.getByRole('button', { name: 'Add domain' }).click();
      const item = page.getByRole('listitem').filter({ hasText: 'console-acme.example' });
      await item.getByText('Pending').waitFor();
      const [stored] = (await harness.server.api('GET', `/organizations/${org.id}/discovery-domains`)).body.domains;
      await item.getByText(stored.verification_host).waitFor();
      await item.getByText(stored.verification_txt).waitFor();
      await checkScreen(page, 'organizations-domains-pending');

      // Verify before publishing: failed, with what the lookup found.
      await item.getByRole('button', { name: 'Verify console-acme.example' }).click();
      await item.getByText('Failed').waitFor();
      await item.getByText(/No TXT record at _gatehouse-verification\.console-acme\.example/).waitFor();
      await checkScreen(page, 'organizations-domains-failed');

      dns.txt.set(stored.verification_host, [stored.verification_txt]);
      await item.getByRole('button', { name: 'Verify console-acme.example' }).click();
      await item.getByText('Verified').waitFor();
      await page.getByText('console-acme.example is verified.').waitFor();
      assert.equal((await harness.server.api('GET', `/organizations/${org.id}/discovery-domains/${stored.id}`)).body.status, 'verified');
      await checkScreen(page, 'organizations-domains-verified');

      // SSO enforcement for the verified domain, with one break-glass account.
      const sso = page.getByRole('form', { name: 'Single sign-on enforcement' });
      await sso.getByLabel('Require single sign-on for verified domains').check();
      await sso.getByLabel('Break-glass accounts').fill('Rescue@console-acme.example');
      await sso.getByRole('button', { name: 'Save SSO enforcement' }).click();
      await sso.getByText('SSO enforcement saved.').waitFor();
      const saved = (await harness.server.api('GET', `/organizations/${org.id}`)).body;
      assert.deepEqual(saved.gatehouse_sso_enforcement, { enabled: true, break_glass_accounts: ['rescue@console-acme.example'] });
      await checkScreen(page, 'organizations-domains-sso');

      await item.getByRole('button', { name: 'Remove console-acme.example' }).click();
      await page.getByRole('dialog', { name: 'Remove console-acme.example?' }).getByRole('button', { name: 'Remove domain' }).click();
      await page.getByText('No domains yet.').waitFor();
      assert.deepEqual((await harness.server.api('GET', `/organizations/${org.id}/discovery-domains`)).body.domains, []);
    });
  });
});
