// More of the Organizations area in Chromium: taking roles and members away (behind a confirmation),
// adding a member by user ID, switching off and disabling a connection, and an expired invitation.
// Each result is read back through the Management API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkScreen, skipReason, startConsole, withOrganizationTab, type ConsoleHarness } from './console.fixtures.js';

const DATABASE = 'Username-Password-Authentication';

describe('admin console organizations, more, in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsole();
  });
  after(async () => {
    await harness?.close();
  });

  async function seed(path: string, body: object): Promise<any> {
    const res = await harness.server.api('POST', path, body);
    assert.ok(res.status === 200 || res.status === 201, JSON.stringify(res.body)); // POST /roles answers 200, as Auth0's does
    return res.body;
  }

  /** An organization with one member holding the given roles. */
  async function seedMembership(name: string, email: string, roleNames: string[]) {
    const org = await seed('/organizations', { name });
    const user = await seed('/users', { connection: DATABASE, email, password: 'Member-passphrase-1' });
    const roles = [];
    for (const roleName of roleNames) roles.push(await seed('/roles', { name: roleName }));
    assert.equal((await harness.server.api('POST', `/organizations/${org.id}/members`, { members: [user.user_id] })).status, 204);
    const memberRoles = `/organizations/${org.id}/members/${encodeURIComponent(user.user_id)}/roles`;
    assert.equal((await harness.server.api('POST', memberRoles, { roles: roles.map((r) => r.id) })).status, 204);
    return { org, user, roles, memberRoles };
  }

  const roleIds = async (path: string) => (await harness.server.api('GET', path)).body.map((r: { id: string }) => r.id).sort();
  const memberIds = async (orgId: string) =>
    (await harness.server.api('GET', `/organizations/${orgId}/members`)).body.map((m: { user_id: string }) => m.user_id);

  it('removes a role from a member, then removes the member only once the confirmation is accepted', async () => {
    const email = 'leaving.member@org-more.example';
    const { org, user, roles, memberRoles } = await seedMembership('removal-org', email, ['Auditor', 'Editor']);
    await withOrganizationTab(harness, org.id, 'members', async (page) => {
      await page.getByRole('button', { name: `Remove role Auditor from ${email}` }).click();
      await page
        .getByRole('dialog', { name: `Remove the role Auditor from ${email}?` })
        .getByRole('button', { name: 'Remove role' })
        .click();
      await page.getByRole('button', { name: `Remove role Auditor from ${email}` }).waitFor({ state: 'detached' });
      assert.deepEqual(await roleIds(memberRoles), [roles[1].id]);
      await checkScreen(page, 'organizations-members-role-removed');

      await page.getByRole('button', { name: `Remove ${email}` }).click();
      const dialog = page.getByRole('dialog', { name: `Remove ${email} from this organization?` });
      await dialog.waitFor();
      await checkScreen(page, 'organizations-members-remove-confirm');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      assert.deepEqual(await memberIds(org.id), [user.user_id]);
      assert.deepEqual(await roleIds(memberRoles), [roles[1].id]);

      await page.getByRole('button', { name: `Remove ${email}` }).click();
      await dialog.getByRole('button', { name: 'Remove member' }).click();
      await page.getByText('No members yet.').waitFor();
      await checkScreen(page, 'organizations-members-empty');
      assert.deepEqual(await memberIds(org.id), []);
      assert.equal((await harness.server.api('GET', `/users/${encodeURIComponent(user.user_id)}`)).status, 200, 'the user account stays');
    });
  });

  it('asks for a confirmation before removing a role from a member, and a cancelled one changes nothing', async () => {
    const email = 'kept.role@org-more.example';
    const { org, roles, memberRoles } = await seedMembership('role-confirm-org', email, ['Reviewer']);
    await withOrganizationTab(harness, org.id, 'members', async (page) => {
      await page.getByRole('button', { name: `Remove role Reviewer from ${email}` }).click();
      const dialog = page.getByRole('dialog', { name: `Remove the role Reviewer from ${email}?` });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      assert.deepEqual(await roleIds(memberRoles), [roles[0].id]);
    });
  });

  it('adds a member by user ID', async () => {
    const org = await seed('/organizations', { name: 'by-id-org' });
    const user = await seed('/users', { connection: DATABASE, email: 'by.id@org-more.example', password: 'Member-passphrase-1' });
    await withOrganizationTab(harness, org.id, 'members', async (page) => {
      const form = page.getByRole('form', { name: 'Add member' });
      await form.getByLabel('Email or user ID').fill(user.user_id);
      await form.getByRole('button', { name: 'Add member' }).click();
      await form.getByRole('status').getByText(`${user.user_id} added.`).waitFor();
      await page.getByRole('button', { name: 'Remove by.id@org-more.example' }).waitFor();
      await checkScreen(page, 'organizations-members-added-by-id');
      assert.deepEqual(await memberIds(org.id), [user.user_id]);
    });
  });

  it('switches a connection off for the organization and saves it', async () => {
    const org = await seed('/organizations', { name: 'switch-org' });
    const database = (await harness.server.api('GET', `/connections?name=${DATABASE}`)).body[0];
    await seed(`/organizations/${org.id}/enabled_connections`, { connection_id: database.id, assign_membership_on_login: false });
    await withOrganizationTab(harness, org.id, 'authentication', async (page) => {
      const form = page.getByRole('form', { name: `Connection ${DATABASE}` });
      const enabled = form.getByRole('switch', { name: 'Enabled' });
      assert.equal(await enabled.isChecked(), true);
      await enabled.uncheck();
      await form.getByRole('button', { name: `Save ${DATABASE}` }).click();
      await form.getByText(`Settings for ${DATABASE} saved.`).waitFor();
      await checkScreen(page, 'organizations-authentication-switched-off');
      const stored = await harness.server.api('GET', `/organizations/${org.id}/enabled_connections/${database.id}`);
      assert.equal(stored.body.is_enabled, false);

      await page.reload();
      await form.getByText('Disabled', { exact: true }).waitFor();
      assert.equal(await form.getByRole('switch', { name: 'Enabled' }).isChecked(), false);
    });
  });

  it('shows the Disabled badge as soon as switching the connection off is saved', async () => {
    const org = await seed('/organizations', { name: 'badge-org' });
    const database = (await harness.server.api('GET', `/connections?name=${DATABASE}`)).body[0];
    await seed(`/organizations/${org.id}/enabled_connections`, { connection_id: database.id });
    await withOrganizationTab(harness, org.id, 'authentication', async (page) => {
      const form = page.getByRole('form', { name: `Connection ${DATABASE}` });
      await form.getByRole('switch', { name: 'Enabled' }).uncheck();
      await form.getByRole('button', { name: `Save ${DATABASE}` }).click();
      await form.getByText(`Settings for ${DATABASE} saved.`).waitFor();
      assert.equal(await form.getByText('Disabled', { exact: true }).count(), 1);
    });
  });

  it('disables a connection for the organization only once the confirmation is accepted', async () => {
    const org = await seed('/organizations', { name: 'disable-org' });
    const database = (await harness.server.api('GET', `/connections?name=${DATABASE}`)).body[0];
    await seed(`/organizations/${org.id}/enabled_connections`, { connection_id: database.id, assign_membership_on_login: true });
    const enabledIds = async () =>
      (await harness.server.api('GET', `/organizations/${org.id}/enabled_connections`)).body.map(
        (c: { connection_id: string }) => c.connection_id,
      );
    await withOrganizationTab(harness, org.id, 'authentication', async (page) => {
      const dialog = page.getByRole('dialog', { name: `Disable ${DATABASE} for this organization?` });
      await page.getByRole('button', { name: `Disable ${DATABASE}` }).click();
      await dialog.waitFor();
      await checkScreen(page, 'organizations-authentication-disable-confirm');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      assert.deepEqual(await enabledIds(), [database.id]);

      await page.getByRole('button', { name: `Disable ${DATABASE}` }).click();
      await dialog.getByRole('button', { name: 'Disable connection' }).click();
      await page.getByText('No connection is enabled for this organization yet.').waitFor();
      await checkScreen(page, 'organizations-authentication-none');
      assert.deepEqual(await enabledIds(), []);
    });
  });

  it('shows an invitation past its expiry as Expired', async () => {
    const org = await seed('/organizations', { name: 'expiry-org' });
    const client = (await harness.server.api('GET', '/clients')).body[0];
    // The shortest lifetime the API accepts is one second; the browser's clock is then moved five
    // minutes on (the console compares expires_at with it), so no test waits for the expiry.
    const invitation = await seed(`/organizations/${org.id}/invitations`, {
      invitee: { email: 'late.invitee@org-more.example' },
      inviter: { name: 'Ada Admin' },
      client_id: client.client_id,
      ttl_sec: 1,
      send_invitation_email: false,
    });
    await seed(`/organizations/${org.id}/invitations`, {
      invitee: { email: 'timely.invitee@org-more.example' },
      inviter: { name: 'Ada Admin' },
      client_id: client.client_id,
      send_invitation_email: false,
    });
    await withOrganizationTab(harness, org.id, 'overview', async (page) => {
      const browserNow = Date.parse(invitation.expires_at) + 5 * 60_000;
      await page.clock.setFixedTime(browserNow);
      await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Invitations' }).click();
      const late = page.getByRole('listitem').filter({ hasText: 'late.invitee@org-more.example' });
      await late.getByText('Expired', { exact: true }).waitFor();
      const timely = page.getByRole('listitem').filter({ hasText: 'timely.invitee@org-more.example' });
      await timely.getByText('Pending', { exact: true }).waitFor();
      assert.equal(await late.getByText('Pending', { exact: true }).count(), 0);
      await checkScreen(page, 'organizations-invitations-expired');
      const stored = await harness.server.api('GET', `/organizations/${org.id}/invitations/${invitation.id}`);
      assert.ok(Date.parse(stored.body.expires_at) < browserNow, "the API dates the expiry before the browser's now");
    });
  });
});
