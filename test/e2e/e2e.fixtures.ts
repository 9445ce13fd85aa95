// Real Chromium for the hosted login: Debian's package driven by playwright-core, which never
// downloads a browser. The application side is a loopback HTTP server acting as its callback.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, beforeEach } from 'node:test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestServer } from '../helpers/start-server.js';

export const CHROMIUM = '/usr/bin/chromium';
export const PASSWORD = 'Correct-horse-battery-1';
const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

/** Why the browser tests do not run here, or undefined when they do. In CI they always run. */
export function skipReason(): string | undefined {
  if (fs.existsSync(CHROMIUM) || process.env.CI) return undefined;
  return `${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`;
}

/** Headless Chromium with everything that would reach the network turned off. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`CI is set but ${CHROMIUM} is missing: .ci/run must install chromium`);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/**
 * Gives each test of the suite a page in a fresh browser context (`use` receives it), closed after
 * the test: no session cookie carries over from one flow to the next.
 */
export function pagePerTest(browser: () => Browser, use: (page: Page) => void): void {
  let context: BrowserContext | undefined;
  beforeEach(async () => {
    context = await browser().newContext();
    use(await context.newPage());
  });
  afterEach(async () => {
    await context?.close();
  });
}

/** Saves a full-page screenshot as `<test>-<step>.png` and runs the accessibility smoke check. */
export async function visited(page: Page, test: string, step: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${test}-${step}.png`, fullPage: true });
  const unlabelled = await page
    .locator('input:not([type=hidden])')
    .evaluateAll((inputs) => (inputs as HTMLInputElement[]).filter((i) => !i.labels || i.labels.length === 0).map((i) => i.outerHTML));
  assert.deepEqual(unlabelled, [], `${test}-${step}: every visible input has a label`);
}

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** `visited`, then no axe-core violation of any impact. */
export async function checkPage(page: Page, test: string, step: string): Promise<void> {
  await visited(page, test, step);
  // Through the DevTools protocol, so the page's CSP stays as it is.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `${test}-${step}: axe-core violations`);
}

/** The application's redirect_uri: a real page on loopback that shows what it received. */
export async function startCallback(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><html lang="en"><title>Test app</title><h1>Back in the test app</h1></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An application registered through the Management API, and openid-client configured for it. */
export async function registerApp(server: TestServer, callback: string, body: Record<string, unknown> = {}) {
  const res = await server.api('POST', '/clients', { name: 'Browser test app', app_type: 'regular_web', callbacks: [callback], ...body });
  if (res.status !== 201) throw new Error(`client: ${res.status} ${JSON.stringify(res.body)}`);
  const config = await oidc.discovery(new URL(server.url), res.body.client_id, res.body.client_secret, undefined, {
    execute: [oidc.allowInsecureRequests],
  });
  return { clientId: res.body.client_id as string, config, callback };
}

type App = Awaited<ReturnType<typeof registerApp>>;

/** An authorization request with PKCE, state and nonce; the test keeps the verifier. */
export async function authorizationRequest(app: App, params: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(app.config, {
    redirect_uri: app.callback,
    scope: 'openid profile email',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...params,
  });
  return { url: url.toString(), verifier, state, nonce };
}

/** Waits for the browser to land on the callback, then exchanges the code with openid-client. */
export async function landOnCallback(page: Page, app: App, flow: Awaited<ReturnType<typeof authorizationRequest>>) {
  await page.waitForURL((url) => url.toString().startsWith(app.callback));
  const landed = new URL(page.url());
  assert.equal(landed.searchParams.get('error'), null, `callback error: ${landed.searchParams.get('error_description')}`);
  const tokens = await oidc.authorizationCodeGrant(app.config, landed, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
  return tokens.claims()!;
}

/** An organization with a branded display name, a database connection enabled in it, and one member. */
export async function organizationWithMember(server: TestServer, name: string) {
  const org = (
    await server.api('POST', '/organizations', { name, display_name: `${name} Inc.`, branding: { colors: { primary: '#0a7d5a' } } })
  ).body;
  const connection = (await server.api('POST', '/connections', { name: `${name}-db`, strategy: 'auth0' })).body;
  const enabled = await server.api('POST', `/organizations/${org.id}/enabled_connections`, { connection_id: connection.id });
  if (enabled.status !== 201) throw new Error(JSON.stringify(enabled.body));
  const member = (
    await server.api('POST', '/users', {
      connection: `${name}-db`,
      email: `member@${name}.example`,
      password: PASSWORD,
      email_verified: true,
    })
  ).body;
  await server.api('POST', `/organizations/${org.id}/members`, { members: [member.user_id] });
  return {
    org: org as { id: string; name: string; display_name: string },
    connection: connection as { id: string },
    member: member as { user_id: string },
  };
}
