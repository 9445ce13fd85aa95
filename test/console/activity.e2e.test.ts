// The console's home, the Activity screen: totals, three charts and their tables, computed from
// events recorded at chosen days before today; the organization picker and the period change them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { checkScreen, skipReason, startConsole, type ConsoleHarness } from './console.fixtures.js';
import { createEventsService } from '../../src/domain/events/events.service.js';
import type { Actor } from '../../src/domain/events/actor.js';
import type { EventInput } from '../../src/domain/events/events.types.js';

const DAY_MS = 86_400_000;

/** Noon (UTC) `days` days before today: safely inside its day whatever time the test runs. */
function daysAgo(days: number): Date {
  const today = new Date(new Date().toISOString().slice(0, 10));
  return new Date(today.getTime() - days * DAY_MS + 12 * 3_600_000);
}

describe('admin console activity screen in Chromium [sqlite]', { skip: skipReason() }, () => {
  let harness: ConsoleHarness;
  let acme: string;
  let globex: string;

  /** Records an event through the events service as if it happened at `at`. */
  async function recordAt(at: Date, actor: Actor, input: EventInput): Promise<void> {
    const events = createEventsService({ db: harness.server.database.db.kysely, clock: { now: () => at } });
    await events.record(harness.server.database.db.kysely, actor, input);
  }

  before(async () => {
    harness = await startConsole();
    acme = (await harness.server.api('POST', '/organizations', { name: 'acme-activity', display_name: 'Acme Activity' })).body.id;
    globex = (await harness.server.api('POST', '/organizations', { name: 'globex-activity' })).body.id;
    const user = (id: string, organizationId?: string): Actor => ({ type: 'user', id, organizationId });
    const anonymous: Actor = { type: 'anonymous', id: 'anonymous' };
    // Yesterday: three sign-ins (two in Acme) and a wrong password in Acme.
    await recordAt(daysAgo(1), user('auth0|a1', acme), { type: 's' });
    await recordAt(daysAgo(1), user('auth0|a2', acme), { type: 's' });
    await recordAt(daysAgo(1), user('auth0|g1', globex), { type: 's' });
    await recordAt(daysAgo(1), anonymous, { type: 'fp', organizationId: acme });
    // Two days ago: two refusals in Globex. Three days ago: two sign-ups, one in Acme.
    await recordAt(daysAgo(2), anonymous, { type: 'fu', organizationId: globex });
    await recordAt(daysAgo(2), anonymous, { type: 'limit_wc', organizationId: globex });
    await recordAt(daysAgo(3), user('auth0|n1'), { type: 'ss' });
    await recordAt(daysAgo(3), user('auth0|n2', acme), { type: 'ss', organizationId: acme });
    // Forty days ago: only the 90-day period shows these.
    await recordAt(daysAgo(40), user('auth0|a3', acme), { type: 's' });
    await recordAt(daysAgo(40), user('auth0|a3', acme), { type: 's' });
  });
  after(async () => {
    await harness?.close();
  });

  async function totals(page: Page): Promise<Record<string, string>> {
    return page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('.activity-totals > div')].map((d) => [
          d.querySelector('dt')?.textContent ?? '',
          d.querySelector('dd')?.textContent ?? '',
        ]),
      ),
    );
  }

  /** The day rows of a chart's table, opened through its "Show as table" disclosure: [ISO day, figure]. */
  async function tableOf(page: Page, chart: string): Promise<[string, string][]> {
    const section = page.getByRole('region', { name: chart, exact: true });
    const details = section.locator('details');
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await section.getByText('Show as table').click();
    const table = section.getByRole('table');
    await table.waitFor();
    return table
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [r.querySelector('time')?.getAttribute('datetime') ?? '', r.querySelector('td')?.textContent ?? '']),
      );
  }

  const day = (days: number) => daysAgo(days).toISOString().slice(0, 10);
  const nonZero = (rows: [string, string][]) => rows.filter(([, n]) => n !== '0');

  it('is the home screen: totals, three charts and their tables with the seeded figures', async () => {
    await harness.withConsole('/console/', async (page) => {
      await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/console/activity');
      await page.getByRole('heading', { name: 'Totals for the tenant, last 30 days' }).waitFor();
      // Signing in to the console is a sign-in too: the administrator's own, today.
      const today = await harness.server.database.db.kysely
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 's')
        .where('date', '>=', `${day(0)}T00:00:00.000Z`)
        .executeTakeFirstOrThrow();
      const ownSignIns = Number(today.n);
      assert.ok(ownSignIns >= 1, 'the console sign-in is an event');
      assert.deepEqual(await totals(page), {
        'Sign-ins': String(3 + ownSignIns),
        'Failed sign-ins': '3',
        'New users': '2',
        'Active users (last 30 days)': '4',
      });
      for (const chart of ['Sign-ins per day', 'Failed sign-ins per day', 'New users per day']) {
        // recharts' accessibility layer: a focusable surface named by the chart's title.
        const surface = page
          .getByRole('region', { name: chart, exact: true })
          .getByRole('application', { name: new RegExp(`^${chart}, `) });
        await surface.waitFor();
        assert.equal(await surface.getAttribute('tabindex'), '0');
      }
      const signIns = await tableOf(page, 'Sign-ins per day');
      assert.equal(signIns.length, 30);
      assert.equal(signIns[29][0], day(0));
      assert.deepEqual(nonZero(signIns), [
        [day(1), '3'],
        [day(0), String(ownSignIns)],
      ]);
      assert.deepEqual(nonZero(await tableOf(page, 'Failed sign-ins per day')), [
        [day(2), '2'],
        [day(1), '1'],
      ]);
      assert.deepEqual(nonZero(await tableOf(page, 'New users per day')), [[day(3), '2']]);
      const caption = await page.getByRole('region', { name: 'Sign-ins per day', exact: true }).locator('caption').textContent();
      assert.match(caption ?? '', /^Sign-ins per day, /);
      await checkScreen(page, 'activity-tenant');
    });
  });

  it("shows one organization's figures when it is picked", async () => {
    await harness.withConsole('/console/', async (page) => {
      await page.getByRole('heading', { name: 'Totals for the tenant, last 30 days' }).waitFor();
      await page.getByLabel('Organization').selectOption({ label: 'Acme Activity (acme-activity)' });
      await page.getByRole('heading', { name: 'Totals for Acme Activity, last 30 days' }).waitFor();
      assert.equal(new URL(page.url()).searchParams.get('organization'), acme);
      assert.deepEqual(await totals(page), {
        'Sign-ins': '2',
        'Failed sign-ins': '1',
        'New users': '1',
        'Active users (last 30 days)': '2',
      });
      assert.deepEqual(nonZero(await tableOf(page, 'Sign-ins per day')), [[day(1), '2']]);
      await page.getByLabel('Organization').selectOption({ label: 'globex-activity' });
      await page.getByRole('heading', { name: 'Totals for globex-activity, last 30 days' }).waitFor();
      assert.deepEqual(nonZero(await tableOf(page, 'Failed sign-ins per day')), [[day(2), '2']]);
      await checkScreen(page, 'activity-organization');
    });
  });

  it('covers 7 or 90 days when another period is chosen, and keeps the choice in the URL', async () => {
    await harness.withConsole(`/console/activity?organization=${acme}`, async (page) => {
      await page.getByLabel('Period').selectOption({ label: 'Last 90 days' });
      await page.getByRole('heading', { name: 'Totals for Acme Activity, last 90 days' }).waitFor();
      assert.equal((await totals(page))['Sign-ins'], '4');
      const rows = await tableOf(page, 'Sign-ins per day');
      assert.equal(rows.length, 90);
      assert.deepEqual(nonZero(rows), [
        [day(40), '2'],
        [day(1), '2'],
      ]);
      await page.getByLabel('Period').selectOption({ label: 'Last 7 days' });
      await page.getByRole('heading', { name: 'Totals for Acme Activity, last 7 days' }).waitFor();
      assert.equal((await tableOf(page, 'Sign-ins per day')).length, 7);
      await page.reload();
      await page.getByRole('heading', { name: 'Totals for Acme Activity, last 7 days' }).waitFor();
    });
  });

  it("moves the chart's tooltip from day to day with the arrow keys", async () => {
    await harness.withConsole('/console/activity?days=7', async (page) => {
      const region = page.getByRole('region', { name: 'Sign-ins per day', exact: true });
      const surface = region.getByRole('application');
      await surface.focus();
      await page.keyboard.press('ArrowRight');
      const tooltip = region.locator('.recharts-tooltip-wrapper');
      await tooltip.getByText(/Sign-ins/).waitFor();
      const first = await tooltip.textContent();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(([el, before]) => el?.textContent !== before, [await tooltip.elementHandle(), first] as const);
      assert.notEqual(await tooltip.textContent(), first);
      await checkScreen(page, 'activity-keyboard');
    });
  });
});
