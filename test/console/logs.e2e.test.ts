// The Logs area in Chromium: the audit log filtered by type, user, organization, application and
// date, an entry's detail, and the Logs tabs of a user and of an organization. Entries come from a
// Management API write (an organization) and from the events service (sign-in outcomes).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Actor } from '../../src/domain/events/actor.js';
import type { EventInput } from '../../src/domain/events/events.types.js';
import { PHONE, checkScreen, skipReason, startConsole, type ConsoleHarness } from './console.fixtures.js';

const DATABASE = 'Username-Password-Authentication';
const BOOTSTRAP_NAME = 'Gatehouse Bootstrap (Management API)';

describe('admin console logs in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  let orgId: string;
  let userId: string;
  let otherId: string;
  const email = 'logged.person@logs-console.example';

  async function record(actor: Actor, input: EventInput): Promise<void> {
    const { server } = harness;
    await server.app.services.events.record(server.database.db.kysely, actor, input);
  }

  before(async () => {
    harness = await startConsole();
    const { server } = harness;
    const org = await server.api('POST', '/organizations', { name: 'logs-console-acme', display_name: 'Acme Logs' });
    assert.equal(org.status, 201);
    orgId = org.body.id;
    const user = await server.api('POST', '/users', { connection: DATABASE, email, password: 'Seeded-user-passphrase-1' });
    assert.equal(user.status, 201);
    userId = user.body.user_id;
    const other = await server.api('POST', '/users', {
      connection: DATABASE,
      email: 'other@logs-console.example',
      password: 'Seeded-user-passphrase-1',
    });
    otherId = other.body.user_id;
    const login = { connection: DATABASE, strategy: 'auth0', clientId: server.bootstrap.clientId, clientName: BOOTSTRAP_NAME };
    const person: Actor = { type: 'user', id: userId, ip: '198.51.100.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' };
    await record(person, {
      type: 's',
      ...login,
      userName: email,
      organizationId: orgId,
      organizationName: 'logs-console-acme',
      details: { marker: 'console-login', password: 'never-shown-anywhere' },
    });
    await record({ type: 'anonymous', id: 'anonymous', ip: '198.51.100.7' }, { type: 'fp', ...login, userId, userName: email });
    await record({ type: 'anonymous', id: 'anonymous', ip: '203.0.113.9' }, { type: 'f', connection: DATABASE, userId: otherId });
  });
  after(async () => {
    await harness?.close();
  });

  const entries = (page: Page) => page.getByRole('table', { name: /^Log entries/ }).locator('tbody tr');
  const apply = (page: Page) => page.getByRole('button', { name: 'Apply filters' }).click();
  /** Waits until the table named `caption` shows `count` entries (the previous rows stay while the next page loads). */
  async function waitForEntries(page: Page, caption: string, count: number): Promise<void> {
    await page.waitForFunction(
      ([name, n]) => {
        const table = [...document.querySelectorAll('table')].find((t) => t.caption?.textContent === name);
        return table?.querySelectorAll('tbody tr').length === n;
      },
      [caption, count] as const,
    );
  }

  it('filters the log by type, user, organization, application and date, and opens an entry', async () => {
    await harness.withConsole('/console/', async (page) => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Logs' }).click();
      await page.getByRole('heading', { level: 1, name: 'Logs' }).waitFor();
      await entries(page).first().waitFor();
      await checkScreen(page, 'logs-list');

      await page.getByLabel('Type').selectOption('fp');
      await apply(page);
      await page.waitForURL((url) => url.searchParams.get('type') === 'fp');
      await waitForEntries(page, 'Log entries matching action:"fp"', 1);
      await entries(page).getByText('Failed Login (Incorrect Password)').first().waitFor();

      await page.getByRole('button', { name: 'Clear filters' }).click();
      await page.getByLabel('User ID').fill(userId);
      await apply(page);
      // The seeded sign-in and wrong password, and the user's creation through the Management API.
      await waitForEntries(page, `Log entries matching user_id:"${userId}"`, 3);

      await page.getByLabel('Organization').selectOption(orgId);
      await page.getByLabel('Application').selectOption(harness.server.bootstrap.clientId);
      await apply(page);
      await page.waitForURL((url) => url.searchParams.get('organization') === orgId && url.searchParams.get('user') === userId);
      await waitForEntries(
        page,
        `Log entries matching user_id:"${userId}" AND organization_id:"${orgId}" AND client_id:"${harness.server.bootstrap.clientId}"`,
        1,
      );
      await entries(page).getByRole('link', { name: 'logs-console-acme' }).waitFor();

      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel('From', { exact: true }).fill(tomorrow);
      await apply(page);
      await page.getByText('No entry matches these filters.').waitFor();
      await page.getByLabel('From', { exact: true }).fill('');
      await apply(page);
      await entries(page).first().waitFor();

      // Opened from the keyboard: the date of each row is its link.
      await entries(page).first().getByRole('link').first().focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Success Login' }).waitFor();
      const fields = page.getByRole('region', { name: 'Fields' });
      await fields.getByRole('link', { name: userId }).waitFor();
      await fields.getByText('logs-console-acme').waitFor();
      await fields.getByText('198.51.100.7').waitFor();
      const details = await page.getByRole('region', { name: 'Details' }).locator('pre').textContent();
      assert.deepEqual(JSON.parse(details ?? ''), { marker: 'console-login', actor: { type: 'user', id: userId } });
      await checkScreen(page, 'logs-detail');
    });
  });

  it('names a bad filter instead of showing an empty log', async () => {
    await harness.withConsole('/console/logs?since=2026-12-31&until=2026-01-01T00', async (page) => {
      await page
        .getByRole('alert')
        .getByText(/Invalid date: 2026-01-01T00/)
        .waitFor();
    });
  });

  it("shows the user's entries in the user's Logs tab", async () => {
    await harness.withConsole(`/console/users/${encodeURIComponent(userId)}`, async (page) => {
      await page.getByRole('heading', { level: 1, name: email }).waitFor();
      await page.getByRole('navigation', { name: 'User' }).getByRole('link', { name: 'Logs' }).click();
      await page.getByRole('table', { name: `Log entries about ${email}` }).waitFor();
      assert.equal(new URL(page.url()).pathname, `/console/users/${encodeURIComponent(userId)}/logs`);
      assert.equal(await entries(page).count(), 3);
      await entries(page).getByRole('cell', { name: 'Success Login', exact: true }).waitFor();
      await entries(page)
        .getByRole('cell', { name: /Success API Operation/ })
        .waitFor();
      await entries(page).getByRole('cell', { name: 'Failed Login (Incorrect Password)', exact: true }).waitFor();
      await checkScreen(page, 'users-logs');
      await page.getByRole('navigation', { name: 'User' }).getByRole('link', { name: 'Details' }).click();
      await page.getByRole('heading', { name: 'Identities' }).waitFor();
    });
  });

  it("shows the organization's entries in its Logs tab, on a phone too", async () => {
    await harness.withConsole(
      `/console/organizations/${orgId}/overview`,
      async (page) => {
        await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Logs' }).click();
        await page.getByRole('table', { name: 'Log entries of Acme Logs' }).waitFor();
        // The organization's creation (through the API) and the seeded sign-in in it.
        assert.equal(await entries(page).count(), 2);
        await entries(page).getByRole('cell', { name: 'Success Login', exact: true }).waitFor();
        await entries(page)
          .getByRole('cell', { name: /Success API Operation/ })
          .waitFor();
        await entries(page).getByText('organization_created').waitFor();
        await checkScreen(page, 'organizations-logs');
      },
      PHONE,
    );
  });
});
