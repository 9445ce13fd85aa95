// response_mode=web_message in real Chromium: auth0-spa-js's getTokenSilently iframe and
// loginWithPopup read the authorization response from a postMessage instead of a redirect.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/start-server.js';
import {
  PASSWORD,
  authorizationRequest,
  landOnCallback,
  launchChromium,
  pagePerTest,
  registerApp,
  skipReason,
  startCallback,
} from './e2e.fixtures.js';

/**
 * An application origin on loopback: `/embed?authorize=<url>` loads the URL in an iframe and
 * collects the messages it receives, then posts itself a `done` once the iframe has loaded.
 */
async function startAppOrigin(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="en"><title>App</title><body><script>
      window.received = [];
      window.addEventListener('message', (event) => { window.received.push({ origin: event.origin, data: event.data }); });
      const authorize = new URLSearchParams(location.search).get('authorize');
      if (authorize) {
        const frame = document.createElement('iframe');
        frame.onload = () => window.postMessage('done', location.origin);
        frame.src = authorize;
        document.body.appendChild(frame);
      }
    </script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('response_mode=web_message in Chromium [sqlite]', { skip: skipReason() }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let callback: Awaited<ReturnType<typeof startCallback>>;
  let allowed: Awaited<ReturnType<typeof startAppOrigin>>;
  let refused: Awaited<ReturnType<typeof startAppOrigin>>;
  before(async () => {
    browser = await launchChromium();
    callback = await startCallback();
    allowed = await startAppOrigin();
    refused = await startAppOrigin();
    server = await startServer('sqlite');
    await server.api('POST', '/connections', { name: 'wm-db', strategy: 'auth0' });
    await server.api('POST', '/users', { connection: 'wm-db', email: 'ada@wm.example', password: PASSWORD, email_verified: true });
  });
  after(async () => {
    await Promise.all([browser?.close(), callback?.close(), allowed?.close(), refused?.close(), server?.close()]);
  });
  pagePerTest(
    () => browser,
    (p) => {
      page = p;
    },
  );

  /** Signs Ada in at the top level, so the iframe's prompt=none request has a session. */
  async function signIn(app: Awaited<ReturnType<typeof registerApp>>) {
    const flow = await authorizationRequest(app);
    await page.goto(flow.url);
    await page.getByLabel('Email address').fill('ada@wm.example');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    await landOnCallback(page, app, flow);
  }

  /** Opens `/embed` on `embedder` with a silent web_message request for `redirectUri`; returns what it received. */
  async function silently(app: Awaited<ReturnType<typeof registerApp>>, embedder: string, redirectUri: string) {
    const url = oidc.buildAuthorizationUrl(app.config, {
      redirect_uri: redirectUri,
      scope: 'openid',
      state: 'silent-state',
      nonce: 'n',
      prompt: 'none',
      response_mode: 'web_message',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    await page.goto(`${embedder}/embed?authorize=${encodeURIComponent(url.toString())}`);
    await page.waitForFunction(() => (window as unknown as { received: { data: unknown }[] }).received.some((m) => m.data === 'done'));
    return page.evaluate(() =>
      (window as unknown as { received: { origin: string; data: any }[] }).received.filter((m) => m.data !== 'done'),
    );
  }

  it('posts the code to an allowed web origin that embeds the request', async () => {
    const app = await registerApp(server, callback.url, {
      callbacks: [callback.url, allowed.origin],
      web_origins: [allowed.origin],
    });
    await signIn(app);
    const messages = await silently(app, allowed.origin, allowed.origin);
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.equal(messages[0].origin, new URL(server.url).origin);
    assert.equal(messages[0].data.type, 'authorization_response');
    assert.equal(messages[0].data.response.state, 'silent-state');
    assert.match(messages[0].data.response.code, /^[\w-]+$/);
  });

  it('posts the code to the opener of a popup on an allowed web origin (loginWithPopup)', async () => {
    const app = await registerApp(server, callback.url, { callbacks: [callback.url, allowed.origin], web_origins: [allowed.origin] });
    const url = oidc.buildAuthorizationUrl(app.config, {
      redirect_uri: allowed.origin,
      scope: 'openid',
      state: 'popup-state',
      nonce: 'n',
      response_mode: 'web_message',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    await page.goto(`${allowed.origin}/embed`);
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.evaluate((u) => {
        (window as unknown as { popup: Window | null }).popup = window.open(u, 'auth0:authorize:popup');
      }, url.toString()),
    ]);
    await popup.getByLabel('Email address').fill('ada@wm.example');
    await popup.getByRole('button', { name: 'Continue' }).click();
    await popup.getByLabel('Password').fill(PASSWORD);
    await popup.getByRole('button', { name: 'Continue' }).click();
    await page.waitForFunction(() => (window as unknown as { received: unknown[] }).received.length > 0);
    const messages = await page.evaluate(() => (window as unknown as { received: { origin: string; data: any }[] }).received);
    assert.equal(messages[0].origin, new URL(server.url).origin);
    assert.equal(messages[0].data.response.state, 'popup-state');
    assert.match(messages[0].data.response.code, /^[\w-]+$/);
    // The page has posted: were it to close itself, the opener (on another site) could see the popup
    // closed before the message, which auth0-spa-js takes for a cancelled login. The opener closes it.
    const closed = await popup.evaluate(() => window.closed).catch((error: Error) => `unreachable: ${error.message}`);
    assert.equal(closed, false, 'the response page leaves closing the popup to its opener');
    await Promise.all([popup.waitForEvent('close'), page.evaluate(() => (window as unknown as { popup: Window }).popup.close())]);
  });

  it('answers with a page that may be framed and runs nothing but its own script', async () => {
    const app = await registerApp(server, callback.url, { callbacks: [callback.url, allowed.origin], web_origins: [allowed.origin] });
    const url = oidc.buildAuthorizationUrl(app.config, {
      redirect_uri: allowed.origin,
      scope: 'openid',
      response_mode: 'web_message',
      prompt: 'none',
    });
    // No session: the error is posted like a code would be.
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(
      res.headers.get('content-security-policy') ?? '',
      /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; base-uri 'none'; form-action 'none'$/,
    );
    assert.equal(res.headers.get('x-frame-options'), null);
    assert.match(await res.text(), /"error":"login_required"/);
  });

  it('sends nothing to a registered callback origin that is not an allowed web origin', async () => {
    const app = await registerApp(server, callback.url, {
      callbacks: [callback.url, allowed.origin, refused.origin],
      web_origins: [allowed.origin],
    });
    await signIn(app);
    assert.deepEqual(await silently(app, refused.origin, refused.origin), []);
    const url = oidc.buildAuthorizationUrl(app.config, {
      redirect_uri: refused.origin,
      scope: 'openid',
      response_mode: 'web_message',
      prompt: 'none',
    });
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_request');
  });

  it('sends nothing to a page on another origin that embeds an allowed redirect_uri', async () => {
    const app = await registerApp(server, callback.url, { callbacks: [callback.url, allowed.origin], web_origins: [allowed.origin] });
    await signIn(app);
    // The response is posted to the redirect_uri's origin only: the embedding page never sees it.
    assert.deepEqual(await silently(app, refused.origin, allowed.origin), []);
  });
});
