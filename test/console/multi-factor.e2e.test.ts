// The console's MFA screens in Chromium: a user's authentication methods, an organization's MFA
// policy, the tenant's policy and factors. Every change is read back through the service or the
// Management API; every screen is checked with axe.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkScreen, skipReason, startConsole, type ConsoleHarness } from './console.fixtures.js';
import { totp } from '../mfa/mfa.fixtures.js';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';

const DATABASE = 'Username-Password-Authentication';
const userPath = (id: string) => `/users/${encodeURIComponent(id)}`;

describe('admin console multi-factor screens, in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsole();
  });
  after(async () => {
    await harness?.close();
  });

  /** A user with a confirmed TOTP method (and so their recovery codes), enrolled through the service. */
  async function enrolledUser(email: string): Promise<string> {
    const res = await harness.server.api('POST', '/users', { connection: DATABASE, email, password: 'Seeded-user-passphrase-1' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const { mfa } = harness.server.app.services;
    const started = await mfa.startTotp(res.body.user_id, harness.server.url);
    await mfa.confirmTotp({ ip: '127.0.0.1' }, { userId: res.body.user_id }, started.id, await totp(started.secret));
    return res.body.user_id;
  }

  it("lists a user's authentication methods, removes one, then all, and forgets remembered browsers", async () => {
    const email = 'factors@console-mfa.example';
    const id = await enrolledUser(email);
    await harness.withConsole(`/console${userPath(id)}`, async (page) => {
      await page.getByRole('link', { name: 'Authentication methods' }).click();
      const table = page.getByRole('table', { name: 'Authentication methods' });
      await table.getByRole('cell', { name: 'Authenticator app', exact: true }).waitFor();
      await table.getByRole('cell', { name: 'Recovery codes', exact: true }).waitFor();
      await checkScreen(page, 'user-authentication-methods');

      await page.getByRole('button', { name: 'Forget remembered browsers' }).click();
      await page.getByText('Remembered browsers were forgotten').waitFor();

      await page.getByRole('button', { name: 'Remove Recovery codes' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Remove method' }).click();
      await page.getByText('Recovery codes was removed.').waitFor();
      const left = await harness.server.app.services.mfa.list(id);
      assert.deepEqual(
        left.map((m) => m.type),
        ['totp'],
      );

      await page.getByRole('button', { name: 'Remove all' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Remove all' }).click();
      await page.getByText('Every authentication method was removed.').waitFor();
      await page.getByText('No authentication methods').waitFor();
      assert.deepEqual(await harness.server.app.services.mfa.list(id), []);
      await checkScreen(page, 'user-authentication-methods-empty');
    });
  });

  it("sets an organization's MFA policy: required, with an exempt role and an exempt connection", async () => {
    const org = await harness.server.api('POST', '/organizations', { name: 'console-mfa-org' });
    assert.equal(org.status, 201, JSON.stringify(org.body));
    const role = await harness.server.api('POST', '/roles', { name: 'Break glass' });
    const github = await harness.server.api('POST', '/connections', {
      name: 'console-mfa-github',
      strategy: 'github',
      options: { client_id: 'github-client', client_secret: 'github-secret' },
    });
    assert.equal(github.status, 201, JSON.stringify(github.body));
    const connectionId = github.body.id as string;
    const enabled = await harness.server.api('POST', `/organizations/${org.body.id}/enabled_connections`, {
      connection_id: connectionId,
      assign_membership_on_login: false,
    });
    assert.equal(enabled.status, 201, JSON.stringify(enabled.body));
    await harness.withConsole(`/console/organizations/${org.body.id}/policies`, async (page) => {
      const form = page.getByRole('form', { name: 'Multi-factor authentication' });
      await form.getByLabel('Require a second factor of members').check();
      await form.getByRole('group', { name: 'Exempt roles' }).getByLabel('Break glass').check();
      await form.getByRole('group', { name: 'Exempt connections' }).getByLabel('console-mfa-github').check();
      await checkScreen(page, 'organization-mfa-policy');
      await form.getByRole('button', { name: 'Save MFA policy' }).click();
      await form.getByText('MFA policy saved.').waitFor();
    });
    const stored = await harness.server.api('GET', `/organizations/${org.body.id}`);
    assert.deepEqual(stored.body.gatehouse_mfa_policy, {
      require: true,
      exempt_roles: [role.body.id],
      exempt_connections: [connectionId],
    });
  });

  it("sets the tenant's policy and turns a factor off", async () => {
    await harness.withConsole('/console/multi-factor', async (page) => {
      await page.getByRole('heading', { level: 1, name: 'Multi-factor authentication' }).waitFor();
      const policy = page.getByRole('form', { name: 'Policy' });
      assert.equal(await policy.getByLabel('Enrolled users').isChecked(), true);
      await checkScreen(page, 'multi-factor');
      await policy.getByLabel('Always').check();
      await policy.getByRole('button', { name: 'Save policy' }).click();
      await policy.getByText('MFA policy saved.').waitFor();
      assert.equal(await harness.server.app.services.mfa.tenantPolicy(), 'always');

      const factors = page.getByRole('form', { name: 'Factors' });
      await factors.getByLabel('Email codes').uncheck();
      await factors.getByRole('button', { name: 'Save factors' }).click();
      await factors.getByText('Factors saved.').waitFor();
      const enabled = await harness.server.app.services.mfa.enabledFactors();
      assert.ok(!enabled.includes('email'));
      assert.ok(enabled.includes('otp'));

      // Back to the screen (client-side: a reload would now ask this admin to enrol): it reads what was saved.
      await page.getByRole('link', { name: 'Roles' }).click();
      await page.getByRole('link', { name: 'Multi-factor' }).click();
      const reread = page.getByRole('form', { name: 'Policy' }).getByLabel('Always');
      await reread.waitFor();
      assert.equal(await reread.isChecked(), true);
      assert.equal(await page.getByRole('form', { name: 'Factors' }).getByLabel('Email codes').isChecked(), false);
      await harness.server.app.services.mfa.setTenantPolicy(SYSTEM_ACTOR, 'optional');
    });
  });
});
