// The Users area in Chromium: search, the profile, Kinde's "Add identity → Enterprise SSO", tenant
// roles, and deleting a user. Every result is read back through the Management API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, checkScreen, skipReason, startConsole, type ConsoleHarness } from './console.fixtures.js';

const DATABASE = 'Username-Password-Authentication';

describe('admin console users in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsole();
  });
  after(async () => {
    await harness?.close();
  });

  async function seedUser(email: string): Promise<string> {
    const res = await harness.server.api('POST', '/users', {
      connection: DATABASE,
      email,
      password: 'Seeded-user-passphrase-1',
      name: 'Seeded Person',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.user_id;
  }

  const userUrl = (id: string) => `/console/users/${encodeURIComponent(id)}`;

  it('finds a user by email and opens the profile', async () => {
    const userId = await seedUser('searched.person@users-console.example');
    await seedUser('someone.else@users-console.example');
    await harness.withConsole('/console/users', async (page) => {
      await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      await page.getByLabel('Search users').fill('searched.person@users-console.example');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL((url) => url.searchParams.get('q') === 'searched.person@users-console.example');
      const link = page.getByRole('link', { name: 'searched.person@users-console.example' });
      await link.waitFor();
      // The unfiltered list may still be on screen for a moment after the URL changes.
      await page.getByRole('link', { name: 'someone.else@users-console.example' }).waitFor({ state: 'detached' });
      await checkScreen(page, 'users-search');
      await link.click();
      await page.getByRole('heading', { level: 1, name: 'searched.person@users-console.example' }).waitFor();
      await page.getByRole('heading', { name: 'Identities' }).waitFor();
      await page.getByText('No roles.').waitFor();
      await checkScreen(page, 'users-profile');
      assert.equal(new URL(page.url()).pathname, userUrl(userId));
    });
  });

  it('adds an enterprise identity with Add identity → Enterprise SSO', async () => {
    const userId = await seedUser('pre.provisioned@users-console.example');
    const connection = await harness.server.api('POST', '/connections', {
      name: 'acme-saml',
      display_name: 'Acme SSO',
      strategy: 'samlp',
      options: { signInEndpoint: 'https://idp.acme.example/sso' },
    });
    await harness.withConsole(userUrl(userId), async (page) => {
      await page.getByRole('button', { name: 'Add identity' }).click();
      await page.getByLabel('Identity type').waitFor();
      await page.getByLabel('Enterprise connection').selectOption({ label: 'Acme SSO' });
      await page.getByLabel('Email in the identity provider').fill('p.provisioned@acme.example');
      await checkScreen(page, 'users-add-identity');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Awaiting first sign-in as p.provisioned@acme.example').waitFor();
      await checkScreen(page, 'users-identity-added');

      const user = await harness.server.api('GET', `/users/${encodeURIComponent(userId)}`);
      assert.deepEqual(
        user.body.identities.map((i: { connection: string; provider: string }) => [i.connection, i.provider]),
        [['acme-saml', 'samlp']],
      );
      assert.equal(user.body.identities[0].profileData.email, 'p.provisioned@acme.example');
      assert.equal(connection.status, 201);
    });
  });

  it('assigns a tenant role to a user and removes it after confirming', async () => {
    const userId = await seedUser('role.holder@users-console.example');
    const role = await harness.server.api('POST', '/roles', { name: 'Support agent', description: 'Answers tickets' });
    await harness.withConsole(
      userUrl(userId),
      async (page) => {
        await page.getByLabel('Role to assign').selectOption({ label: 'Support agent' });
        await page.getByRole('button', { name: 'Assign role' }).click();
        await page.getByRole('cell', { name: 'Answers tickets' }).waitFor();
        await checkScreen(page, 'users-roles-phone');
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scrolling');
        const roles = await harness.server.api('GET', `/users/${encodeURIComponent(userId)}/roles`);
        assert.deepEqual(roles.body, [{ id: role.body.id, name: 'Support agent', description: 'Answers tickets' }]);

        await page.getByRole('button', { name: 'Remove role Support agent' }).click();
        await page.getByRole('dialog', { name: 'Remove the role Support agent?' }).getByRole('button', { name: 'Remove role' }).click();
        await page.getByText('No roles.').waitFor();
        assert.deepEqual((await harness.server.api('GET', `/users/${encodeURIComponent(userId)}/roles`)).body, []);
      },
      PHONE,
    );
  });

  it('deletes a user after confirming', async () => {
    const userId = await seedUser('leaving.person@users-console.example');
    await harness.withConsole(userUrl(userId), async (page) => {
      await page.getByRole('button', { name: 'Delete user' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete user leaving.person@users-console.example?' });
      await dialog.waitFor();
      await checkScreen(page, 'users-delete-confirm');
      await dialog.getByRole('button', { name: 'Delete user' }).click();
      await page.waitForURL((url) => url.pathname === '/console/users');
      assert.equal((await harness.server.api('GET', `/users/${encodeURIComponent(userId)}`)).status, 404);
    });
  });
});
