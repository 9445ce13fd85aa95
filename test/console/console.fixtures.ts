// The admin console in real Chromium: Gatehouse on SQLite with a known tenant administrator, who
// signs in through the hosted login exactly as a person would. Each screen visited is saved as a
// screenshot and checked with axe-core inside the page.
//
// The console keeps its tokens in memory only, so every page load signs in again at the hosted
// login; what lasts is the hosted login's session cookie, and while it does, that sign-in comes
// straight back (single sign-on) without the form. So a harness signs the administrator in through
// the form once, in a browser context it keeps, and each test that is not about signing in gets a
// page of its own in that context: the page loads the console and signs in for real, with its own
// tokens, only the password is not typed again. A page costs far less than a context, whose empty
// HTTP cache would fetch and compile the console's bundle again.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { launchChromium } from '../e2e/e2e.fixtures.js';

export { skipReason } from '../e2e/e2e.fixtures.js';

export const ADMIN = { email: 'admin@console.example', password: 'console-admin-passphrase-1' };
const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export type Viewport = { width: number; height: number };

export interface ConsoleHarness {
  server: TestServer;
  browser: Browser;
  /**
   * Runs `use` with a page in a browser context (cookies) of its own and no session, closed
   * afterwards whatever happens: for tests of signing in and out.
   */
  withPage(use: (page: Page) => Promise<void>, viewport?: Viewport): Promise<void>;
  /**
   * Opens the console at `path` in a new page of the context holding the administrator's
   * hosted-login session (signed in through the form once per harness), waits until the console has
   * signed in with it, and runs `use` with the page, closed afterwards whatever happens. A test
   * that signs out or changes that session must use `withPage` and sign in itself.
   */
  withConsole(path: string, use: (page: Page) => Promise<void>, viewport?: Viewport): Promise<void>;
  close(): Promise<void>;
}

/** Starts the console's server (with `env` added to its environment) and Chromium. */
export async function startConsole(env: Record<string, string> = {}): Promise<ConsoleHarness> {
  const browser = await launchChromium();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  let server: TestServer;
  try {
    server = await startServer('sqlite', { env: { GATEHOUSE_ADMIN_EMAIL: ADMIN.email, GATEHOUSE_ADMIN_PASSWORD: ADMIN.password, ...env } });
  } catch (error) {
    await browser.close();
    throw error;
  }
  const contextOptions = { permissions: ['clipboard-read', 'clipboard-write'] };
  let adminContext: Promise<BrowserContext> | undefined;
  function signedInAdmin(): Promise<BrowserContext> {
    adminContext ??= (async () => {
      const context = await browser.newContext({ viewport: DESKTOP, ...contextOptions });
      const page = await context.newPage();
      await signInToConsole(page, server);
      await page.close();
      return context;
    })();
    return adminContext;
  }
  return {
    server,
    browser,
    async withPage(use, viewport = DESKTOP) {
      const context = await browser.newContext({ viewport, ...contextOptions });
      try {
        await use(await context.newPage());
      } finally {
        await context.close();
      }
    },
    async withConsole(path, use, viewport = DESKTOP) {
      const page = await (await signedInAdmin()).newPage();
      try {
        await page.setViewportSize(viewport);
        await openSignedIn(page, server, path);
        await use(page);
      } finally {
        await page.close();
      }
    },
    async close() {
      await Promise.all([browser.close(), server.close()]);
    },
  };
}

/** `harness.withConsole` straight onto a tab of an organization's detail screen, once its tabs show. */
export function withOrganizationTab(
  harness: ConsoleHarness,
  id: string,
  tab: string,
  use: (page: Page) => Promise<void>,
  viewport?: Viewport,
): Promise<void> {
  return harness.withConsole(
    `/console/organizations/${id}/${tab}`,
    async (page) => {
      await page.getByRole('navigation', { name: 'Organization' }).waitFor();
      await use(page);
    },
    viewport,
  );
}

/** Opens the console at `path` and signs in as the tenant administrator through the hosted login. */
export async function signInToConsole(page: Page, server: TestServer, path = '/console/'): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.getByLabel('Email address').fill(ADMIN.email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/console/') && url.pathname !== '/console/callback');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Opens the console at `path` with the hosted login's session already in the context: no form is shown. */
async function openSignedIn(page: Page, server: TestServer, path: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  // Either the console, signed in, or the hosted login's form: failing at once, not at a later
  // timeout, if the session was not reused after all.
  await page.getByRole('button', { name: 'Sign out' }).or(page.getByLabel('Email address')).first().waitFor();
  const landed = new URL(page.url()).pathname;
  assert.ok(landed.startsWith('/console/'), `${path}: the hosted login asked for the administrator's email again (at ${landed})`);
}

/**
 * Saves a full-page screenshot as `<name>.png` in test-artifacts/console and runs axe-core in the
 * page: any serious or critical violation fails the test, listed with the elements concerned.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
  // Evaluated through the DevTools protocol, so the console's strict CSP stays on in the test.
  const hasAxe = await page.evaluate('typeof window.axe === "object"');
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help} — ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 5)
            .join(', ')}`,
      );
  });
  assert.deepEqual(violations, [], `${name}: axe-core found serious or critical violations`);
}
