// The organization-admin portal in real Chromium: an organization admin (a member whose role
// carries My Organization scopes) signs in through the hosted login, picks their organization, and
// runs it through /my-org/v1 — invites someone with a role, changes a member's role, removes a
// member, edits a `limited` connection, proves a domain. axe-core checks every screen.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { checkScreen, skipReason, startConsole, type ConsoleHarness } from '../console/console.fixtures.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { MY_ORG_SCOPES, myOrgRole, organizationWith, tenantConnection } from '../my-org/my-org.fixtures.js';
import { PASSWORD } from '../login/login.fixtures.js';

describe('organization-admin portal in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  let dns: TestDnsServer;
  let org: Awaited<ReturnType<typeof organizationWith>>;
  let roles: Record<string, { id: string; name: string }>;
  const connections: Record<string, string> = {};

  before(async () => {
    dns = await startDnsServer();
    harness = await startConsole({ GATEHOUSE_DNS_SERVERS: dns.address });
    const { server } = harness;
    roles = {
      admin: await myOrgRole(server, 'Organization admin', MY_ORG_SCOPES),
      support: await myOrgRole(server, 'Support', []),
      billing: await myOrgRole(server, 'Billing', []),
    };
    org = await organizationWith(server, 'portal', { admin: [roles.admin.id], bob: [roles.support.id], carol: [] });
    for (const level of ['none', 'readonly', 'limited'] as const) {
      connections[level] = await tenantConnection(server, org.org.id, {
        name: `portal-${level}`,
        level,
        link: { organization_connection_name: `Corp-${level}`, show_as_button: true },
      });
    }
  });
  after(async () => {
    await Promise.all([harness?.close(), dns?.close()]);
  });

  /** Opens the portal, signs in with a password through the hosted login and picks the organization. */
  async function signInToPortal(page: Page, email: string): Promise<void> {
    await page.goto(`${harness.server.url}/portal/`);
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Choose an organization' }).waitFor();
    await page.getByRole('button', { name: 'portal Inc.' }).click();
    await page.waitForURL((url) => url.pathname === '/portal/members');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  it('signs an organization admin in and lets them invite, change roles, remove, edit a limited connection and prove a domain', async () => {
    const { server } = harness;
    await harness.withPage(async (page) => {
      await signInToPortal(page, 'admin@portal.example');
      await page.getByText('portal Inc.', { exact: true }).waitFor();
      const table = page.getByRole('table', { name: 'Members' });
      await table.getByText('bob of portal').waitFor();
      await checkScreen(page, 'portal-members');

      // Change Bob's role: Support off, Billing on.
      await page.getByRole('button', { name: 'Change roles of bob@portal.example' }).click();
      const rolesForm = page.getByRole('form', { name: 'Roles of bob@portal.example' });
      await rolesForm.getByLabel('Support').uncheck();
      await rolesForm.getByLabel('Billing').check();
      await checkScreen(page, 'portal-member-roles');
      await rolesForm.getByRole('button', { name: 'Save roles' }).click();
      await page.getByText('Roles of bob@portal.example saved.').waitFor();
      const bobRoles = await server.api('GET', `/organizations/${org.org.id}/members/${encodeURIComponent(org.users.bob.user_id)}/roles`);
      assert.deepEqual(
        bobRoles.body.map((r: { name: string }) => r.name),
        ['Billing'],
      );
      await table.getByRole('row').filter({ hasText: 'bob of portal' }).getByText('Billing').waitFor();

      // Remove Carol from the organization.
      await page.getByRole('button', { name: 'Remove carol@portal.example' }).click();
      await page
        .getByRole('dialog', { name: 'Remove carol@portal.example from the organization?' })
        .getByRole('button', { name: 'Remove member' })
        .click();
      await page.getByText('carol@portal.example was removed.').waitFor();
      await table.getByText('carol of portal').waitFor({ state: 'detached' });
      const members = (await server.api('GET', `/organizations/${org.org.id}/members`)).body as { user_id: string }[];
      assert.ok(!members.some((m) => m.user_id === org.users.carol.user_id), 'carol is no longer a member');
      assert.ok(
        members.some((m) => m.user_id === org.users.bob.user_id),
        'bob is still a member',
      );
      // The admin cannot remove themselves from here.
      assert.equal(await page.getByRole('button', { name: 'Remove admin@portal.example' }).count(), 0);

      // Invite Dana with the Billing role.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invitations' }).click();
      await page.getByText('No open invitations.').waitFor();
      const invite = page.getByRole('form', { name: 'Invite members' });
      await invite.getByLabel('Email addresses').fill('not-an-email');
      await invite.getByRole('button', { name: 'Send invitations' }).click();
      await invite.getByRole('alert').or(invite.locator('.field-error')).first().waitFor();
      await invite.getByLabel('Email addresses').fill('dana@portal.example');
      await invite.getByLabel('Billing').check();
      await invite.getByRole('button', { name: 'Send invitations' }).click();
      await page.getByText('Invited dana@portal.example.').waitFor();
      const row = page.getByRole('table', { name: 'Open invitations' }).getByRole('row').filter({ hasText: 'dana@portal.example' });
      await row.getByText('Billing').waitFor();
      await checkScreen(page, 'portal-invitations');
      const [invitation] = (await server.api('GET', `/organizations/${org.org.id}/invitations`)).body;
      assert.equal(invitation.invitee.email, 'dana@portal.example');
      assert.deepEqual(invitation.roles, [roles.billing.id]);
      assert.equal(invitation.inviter.name, 'admin of portal');

      // Identity providers: none invisible, readonly shown read-only, limited editable.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Identity providers' }).click();
      await page.getByRole('region', { name: 'Corp-limited' }).waitFor();
      assert.equal(await page.getByText('Corp-none').count(), 0, 'a none connection is invisible');
      const readonly = page.getByRole('region', { name: 'Corp-readonly' });
      await readonly.getByText('Read-only').waitFor();
      assert.equal(await readonly.getByRole('checkbox').count(), 0, 'a readonly connection has nothing to edit');
      await checkScreen(page, 'portal-identity-providers');
      const limited = page.getByRole('form', { name: 'Settings of Corp-limited' });
      await limited.getByLabel('Show as a button on the login page').uncheck();
      await limited.getByLabel('Make people who sign in with it members').check();
      await limited.getByRole('button', { name: 'Save Corp-limited' }).click();
      await page.getByText('Corp-limited saved.').waitFor();
      const link = (await server.api('GET', `/organizations/${org.org.id}/enabled_connections/${connections.limited}`)).body;
      assert.equal(link.show_as_button, false);
      assert.equal(link.assign_membership_on_login, true);
      assert.equal(link.organization_access_level, 'limited');

      // Domains: add one, read the TXT record, verify it once published.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Domains' }).click();
      await page.getByText('No domains yet.').waitFor();
      const add = page.getByRole('form', { name: 'Add domain' });
      await add.getByLabel('Domain').fill('portal-corp.example');
      await add.getByRole('button', { name: 'Add domain' }).click();
      const item = page.getByRole('listitem').filter({ hasText: 'portal-corp.example' });
      await item.getByText('Pending').waitFor();
      const [stored] = (await server.api('GET', `/organizations/${org.org.id}/discovery-domains`)).body.domains;
      await item.getByText(stored.verification_txt).waitFor();
      await checkScreen(page, 'portal-domains-pending');
      dns.txt.set(stored.verification_host, [stored.verification_txt]);
      await item.getByRole('button', { name: 'Verify portal-corp.example' }).click();
      await page.getByText('portal-corp.example is verified.').waitFor();
      await item.getByText('Verified').waitFor();
      await checkScreen(page, 'portal-domains-verified');
    });
  });

  it('tells a member without organization-admin permissions that the portal is not for them', async () => {
    await harness.withPage(async (page) => {
      await page.goto(`${harness.server.url}/portal/`);
      await page.getByLabel('Email address').fill('bob@portal.example');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'portal Inc.' }).click();
      await page.getByRole('heading', { name: 'No access to the organization portal' }).waitFor();
      await checkScreen(page, 'portal-no-access');
    });
  });
});
