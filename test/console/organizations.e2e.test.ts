// The Organizations area of the console in real Chromium: each test drives the screens as an
// administrator would, then reads the result back through the Management API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, checkScreen, skipReason, startConsole, withOrganizationTab, type ConsoleHarness } from './console.fixtures.js';

const DATABASE = 'Username-Password-Authentication';

describe('admin console organizations in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsole();
  });
  after(async () => {
    await harness?.close();
  });

  async function seedOrganization(name: string, extra: object = {}): Promise<{ id: string; name: string }> {
    const res = await harness.server.api('POST', '/organizations', { name, ...extra });
    assert.equal(res.status, 201);
    return res.body;
  }

  it('creates an organization and goes to it', async () => {
    await harness.withConsole('/console/organizations', async (page) => {
      await page.getByRole('link', { name: 'Create organization' }).click();
      await page.getByRole('heading', { level: 1, name: 'Create organization' }).waitFor();
      await checkScreen(page, 'organizations-create');
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('created-in-console');
      await page.getByLabel('Display name').fill('Created In Console');
      await page.getByRole('button', { name: 'Create organization' }).click();
      await page.getByRole('heading', { level: 1, name: 'Created In Console' }).waitFor();
      const stored = await harness.server.api('GET', '/organizations/name/created-in-console');
      assert.equal(stored.status, 200);
      assert.equal(stored.body.display_name, 'Created In Console');
      assert.equal(new URL(page.url()).pathname, `/console/organizations/${stored.body.id}/overview`);
      await checkScreen(page, 'organizations-overview');
    });
  });

  it('shows the API error for an invalid name next to the Name field', async () => {
    await harness.withConsole('/console/organizations/new', async (page) => {
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Not Valid');
      await page.getByRole('button', { name: 'Create organization' }).click();
      const name = page.getByRole('textbox', { name: 'Name', exact: true });
      await page.locator('.field-error').first().waitFor();
      assert.equal(await name.getAttribute('aria-invalid'), 'true');
      const describedBy = (await name.getAttribute('aria-describedby')) ?? '';
      const error = await page.locator(`[id="${describedBy.split(' ').find((id) => id.endsWith('-error'))}"]`).textContent();
      assert.match(error ?? '', /on property name\.$/);
      await checkScreen(page, 'organizations-create-error');
      assert.equal((await harness.server.api('GET', '/organizations/name/not-valid')).status, 404);
    });
  });

  it('finds an organization by the start of its display name with the search box', async () => {
    await seedOrganization('searchable-zeta', { display_name: 'Zeta Widgets' });
    await seedOrganization('searchable-omega', { display_name: 'Omega Tools' });
    await harness.withConsole('/console/organizations', async (page) => {
      await page.getByRole('searchbox', { name: 'Search organizations' }).fill('zeta');
      await page.getByRole('button', { name: 'Search' }).click();
      // Both were on the unfiltered list: wait for the search's answer to replace it.
      await page.getByRole('link', { name: 'Omega Tools' }).waitFor({ state: 'detached' });
      await page.getByRole('link', { name: 'Zeta Widgets' }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Omega Tools' }).count(), 0);
      await checkScreen(page, 'organizations-list-search');
    });
  });

  it('updates the login preview as branding is typed, and saves branding and metadata', async () => {
    const org = await seedOrganization('branded-org', { display_name: 'Branded' });
    await withOrganizationTab(harness, org.id, 'overview', async (page) => {
      const preview = page.getByRole('figure', { name: 'Login page preview' });
      const button = preview.getByText('Continue');
      const before = await button.evaluate((el) => getComputedStyle(el).backgroundColor);
      await page.getByLabel('Primary colour').fill('#ff0000');
      await page.getByLabel('Page background').fill('#00ff00');
      assert.notEqual(before, 'rgb(255, 0, 0)');
      assert.equal(await button.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(255, 0, 0)');
      assert.equal(await preview.locator('.login-preview-page').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(0, 255, 0)');
      await page.getByRole('button', { name: 'Add metadata' }).click();
      await page.getByLabel('Key 1').fill('tier');
      await page.getByLabel('Value 1').fill('gold');
      await checkScreen(page, 'organizations-overview-branding');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Organization saved.').waitFor();
      const stored = await harness.server.api('GET', `/organizations/${org.id}`);
      assert.deepEqual(stored.body.branding, { colors: { primary: '#ff0000', page_background: '#00ff00' } });
      assert.deepEqual(stored.body.metadata, { tier: 'gold' });
    });
  });

  it('enables the shared database connection with Membership On Authentication, refusing Organization signup without it', async () => {
    const org = await seedOrganization('auth-org');
    await withOrganizationTab(harness, org.id, 'authentication', async (page) => {
      const link = page.getByRole('link', { name: 'Create connection', exact: true });
      assert.equal(await link.getAttribute('href'), `/console/connections/new?organization=${org.id}`);
      const form = page.getByRole('form', { name: 'Enable connection' });
      await form.getByLabel('Connection').selectOption({ label: `${DATABASE} (auth0)` });
      const signup = form.getByLabel('Organization signup');
      assert.equal(await signup.isDisabled(), true);
      await form.getByText('Organization signup requires Membership On Authentication').waitFor();
      assert.equal(await form.getByLabel('Display connection as a button').isDisabled(), true);
      await form.getByLabel('Membership On Authentication').check();
      assert.equal(await signup.isDisabled(), false);
      await checkScreen(page, 'organizations-authentication-enable');
      await form.getByRole('button', { name: 'Enable connection' }).click();
      const enabled = page.getByRole('form', { name: `Connection ${DATABASE}` });
      await enabled.waitFor();
      const stored = await harness.server.api('GET', `/organizations/${org.id}/enabled_connections`);
      assert.equal(stored.body.length, 1);
      assert.equal(stored.body[0].connection.name, DATABASE);
      assert.equal(stored.body[0].assign_membership_on_login, true);
      assert.equal(stored.body[0].is_signup_enabled, false);
      // Turning membership off again takes Organization signup with it, so the rule cannot be broken.
      await enabled.getByLabel('Organization signup').check();
      await enabled.getByLabel('Membership On Authentication').uncheck();
      assert.equal(await enabled.getByLabel('Organization signup').isChecked(), false);
      assert.equal(await enabled.getByLabel('Organization signup').isDisabled(), true);
      await checkScreen(page, 'organizations-authentication');
    });
  });

  it('offers every connection in the Enable connection picker, not only the first page of them', async () => {
    const org = await seedOrganization('many-connections-org');
    // More than one page (100) of connections: the one made last sorts after the first page.
    for (let i = 0; i < 101; i += 1) {
      const res = await harness.server.api('POST', '/connections', { name: `bulk-${String(i).padStart(3, '0')}`, strategy: 'auth0' });
      assert.equal(res.status, 201);
    }
    await withOrganizationTab(harness, org.id, 'authentication', async (page) => {
      const picker = page.getByRole('form', { name: 'Enable connection' }).getByLabel('Connection');
      // The choices load after the tab: wait for the last page's connection, then read them all.
      await picker.locator('option', { hasText: 'bulk-100 (auth0)' }).waitFor({ state: 'attached' });
      const labels = await picker.locator('option').allTextContents();
      assert.ok(labels.includes('bulk-000 (auth0)') && labels.includes('bulk-100 (auth0)'), `offered: ${labels.length} options`);
    });
  });

  it('sets allowed domains with auto-add on the Policies tab', async () => {
    const org = await seedOrganization('policy-org');
    await withOrganizationTab(harness, org.id, 'policies', async (page) => {
      for (const domain of ['policy.example', 'Second.Example']) {
        await page.getByLabel('Domain', { exact: true }).fill(domain);
        await page.getByRole('button', { name: 'Add domain' }).click();
      }
      await page.getByRole('button', { name: 'Remove second.example' }).click();
      await page.getByLabel('Auto-add users from allowed domains').check();
      await checkScreen(page, 'organizations-policies');
      await page.getByRole('button', { name: 'Save policies' }).click();
      await page.getByText('Policies saved.').waitFor();
      const stored = await harness.server.api('GET', `/organizations/${org.id}`);
      assert.deepEqual(stored.body.allowed_domains, ['policy.example']);
      assert.equal(stored.body.is_auto_join_domain_list, true);
    });
  });

  it('adds a member by email with a role', async () => {
    const org = await seedOrganization('member-org');
    const role = await harness.server.api('POST', '/roles', { name: 'Billing admin' });
    const user = await harness.server.api('POST', '/users', {
      connection: DATABASE,
      email: 'member@org.example',
      password: 'Member-passphrase-1',
    });
    assert.equal(user.status, 201);
    await withOrganizationTab(harness, org.id, 'members', async (page) => {
      const form = page.getByRole('form', { name: 'Add member' });
      await form.getByLabel('Email or user ID').fill('member@org.example');
      await form.getByLabel('Role').selectOption({ label: 'Billing admin' });
      await form.getByRole('button', { name: 'Add member' }).click();
      await page.getByRole('button', { name: 'Remove role Billing admin from member@org.example' }).waitFor();
      await checkScreen(page, 'organizations-members');
      const roles = await harness.server.api('GET', `/organizations/${org.id}/members/${user.body.user_id}/roles`);
      assert.deepEqual(
        roles.body.map((r: { id: string }) => r.id),
        [role.body.id],
      );
    });
  });

  it('sends an invitation, lists it as pending with a copyable link, then revokes it', async () => {
    const org = await seedOrganization('invite-org');
    await withOrganizationTab(harness, org.id, 'invitations', async (page) => {
      const form = page.getByRole('form', { name: 'Send invitation' });
      await form.getByLabel('Invitee email').fill('invitee@org.example');
      await form.getByLabel('Inviter name').fill('Ada Admin');
      await form.getByLabel('Send invitation email').uncheck();
      await form.getByRole('button', { name: 'Send invitation' }).click();
      const item = page.getByRole('listitem').filter({ hasText: 'invitee@org.example' });
      await item.getByText('Pending').waitFor();
      await checkScreen(page, 'organizations-invitations');
      const stored = await harness.server.api('GET', `/organizations/${org.id}/invitations`);
      assert.equal(stored.body.length, 1);
      await item.getByRole('button', { name: 'Copy invitation link for invitee@org.example' }).click();
      await item.getByText('Copied').waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), stored.body[0].invitation_url);
      await item.getByRole('button', { name: 'Revoke invitation for invitee@org.example' }).click();
      await page
        .getByRole('dialog', { name: 'Revoke the invitation for invitee@org.example?' })
        .getByRole('button', { name: 'Revoke invitation' })
        .click();
      await page.getByText('No open invitations.').waitFor();
      assert.deepEqual((await harness.server.api('GET', `/organizations/${org.id}/invitations`)).body, []);
    });
  });

  it('deletes an organization only after the confirmation', async () => {
    const org = await seedOrganization('doomed-org');
    await withOrganizationTab(harness, org.id, 'overview', async (page) => {
      await page.getByRole('button', { name: 'Delete organization' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete organization doomed-org?' });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      assert.equal((await harness.server.api('GET', `/organizations/${org.id}`)).status, 200);
      await page.getByRole('button', { name: 'Delete organization' }).click();
      await dialog.getByRole('button', { name: 'Delete organization' }).click();
      await page.getByRole('heading', { level: 1, name: 'Organizations' }).waitFor();
      assert.equal((await harness.server.api('GET', `/organizations/${org.id}`)).status, 404);
    });
  });

  it('fits every tab of the detail screen at phone width without sideways scrolling', async () => {
    const org = await seedOrganization('phone-org', {
      display_name: 'Phone Organization With A Long Name',
      metadata: { region: 'eu-west' },
    });
    await withOrganizationTab(
      harness,
      org.id,
      'overview',
      async (page) => {
        for (const tab of ['Overview', 'Authentication', 'Members', 'Invitations', 'Policies']) {
          await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: tab }).click();
          await page.waitForURL(`**/${tab.toLowerCase()}`);
          await page.getByRole('button').last().waitFor();
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${tab} scrolls sideways by ${overflow}px`);
          await checkScreen(page, `organizations-phone-${tab.toLowerCase()}`);
        }
      },
      PHONE,
    );
  });
});
