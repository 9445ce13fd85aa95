// auth0-spa-js with its DEFAULT options, in real Chromium, against Gatehouse on HTTPS: a page of a
// single-page application on another loopback port loads the SDK's own browser bundle.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { PASSWORD, launchChromium, skipReason } from '../e2e/e2e.fixtures.js';
import { organizationWithMember } from '../login/login.fixtures.js';
import { TLS, domainOf } from './sdk.fixtures.js';

const BUNDLE = path.resolve('node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.js');

/**
 * The application's one page, at every path (`/` starts a login, `/callback` finishes it). The
 * test passes the SDK's options in the query of `/`; the page keeps them for the callback.
 */
const PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>SPA</title><script src="/sdk.js"></script></head><body>
<script>
  const KEY = 'spa-test-options';
  if (location.pathname === '/' && location.search.includes('options=')) sessionStorage.setItem(KEY, new URLSearchParams(location.search).get('options'));
  const options = JSON.parse(sessionStorage.getItem(KEY));
  window.start = async () => (await auth0.createAuth0Client(options)).loginWithRedirect();
  const failure = (error) => ({ error: String(error && (error.error || error.message)), description: String(error && error.error_description) });
  // A new client each time, so nothing comes from the SDK's in-memory cache.
  window.silent = async () => {
    try {
      return { refreshed: await (await auth0.createAuth0Client(options)).getTokenSilently({ cacheMode: 'off', detailedResponse: true }) };
    } catch (error) { return failure(error); }
  };
  window.logout = async () => (await auth0.createAuth0Client(options)).logout({ logoutParams: { returnTo: location.origin + '/' } });
  window.popup = async () => {
    try {
      const client = await auth0.createAuth0Client(options);
      await client.loginWithPopup();
      return { user: await client.getUser(), claims: await client.getIdTokenClaims() };
    } catch (error) { return failure(error); }
  };
  window.finish = async () => {
    try {
      const client = await auth0.createAuth0Client(options);
      await client.handleRedirectCallback();
      const result = { user: await client.getUser(), claims: await client.getIdTokenClaims(), first: await client.getTokenSilently() };
      if (options.useRefreshTokens) result.refreshed = await client.getTokenSilently({ cacheMode: 'off', detailedResponse: true });
      return result;
    } catch (error) {
      return { error: String(error && (error.error || error.message)), description: String(error && error.error_description) };
    }
  };
</script></body></html>`;

interface Outcome {
  user?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  first?: string;
  refreshed?: { access_token: string; id_token: string };
  error?: string;
  description?: string;
}

async function startSpa() {
  const bundle = fs.readFileSync(BUNDLE);
  const server = https.createServer({ cert: fs.readFileSync(TLS.certPath), key: fs.readFileSync(TLS.keyPath) }, (req, res) => {
    if (req.url === '/sdk.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundle);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('auth0-spa-js with default options in Chromium', { skip: skipReason() }, () => {
  let browser: Browser;
  let spa: Awaited<ReturnType<typeof startSpa>>;
  before(async () => {
    browser = await launchChromium();
    spa = await startSpa();
  });
  after(async () => {
    await Promise.all([browser?.close(), spa?.close()]);
  });

  for (const dialect of DIALECTS) {
    describe(`against Gatehouse [${dialect}]`, () => {
      let server: TestServer;
      let clientId: string;
      let context: BrowserContext;
      let page: Page;
      before(async () => {
        server = await startServer(dialect, { tls: TLS });
        const app = await server.api('POST', '/clients', {
          name: 'SPA',
          app_type: 'spa',
          callbacks: [`${spa.origin}/callback`],
          allowed_logout_urls: [`${spa.origin}/`],
          web_origins: [spa.origin],
          organization_usage: 'allow',
        });
        assert.equal(app.status, 201, JSON.stringify(app.body));
        clientId = app.body.client_id;
      });
      after(async () => {
        await server.close();
      });

      /** Starts the SDK's redirect login on a fresh browser context, signs in, and returns what the callback page saw. */
      async function login(
        email: string,
        options: Record<string, unknown> = {},
        authorizationParams: Record<string, string> = {},
      ): Promise<Outcome> {
        await context?.close();
        context = await browser.newContext({ ignoreHTTPSErrors: true });
        page = await context.newPage();
        const sdkOptions = {
          domain: domainOf(server),
          clientId,
          authorizationParams: { redirect_uri: `${spa.origin}/callback`, ...authorizationParams },
          ...options,
        };
        await page.goto(`${spa.origin}/?${new URLSearchParams({ options: JSON.stringify(sdkOptions) })}`);
        await Promise.all([page.waitForURL(`${server.url}/login/**`), page.evaluate('window.start()')]);
        await page.getByLabel('Email address').fill(email);
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.getByLabel('Password').fill(PASSWORD);
        await Promise.all([page.waitForURL(`${spa.origin}/callback?**`), page.getByRole('button', { name: 'Continue' }).click()]);
        return (await page.evaluate('window.finish()')) as Outcome;
      }
      after(async () => {
        await context?.close();
      });

      it('signs in with loginWithRedirect and handleRedirectCallback; getUser answers the profile', async () => {
        const { member } = await organizationWithMember(server, 'spa-plain');
        const outcome = await login('member@spa-plain.example');
        assert.equal(outcome.error, undefined, `${outcome.error}: ${outcome.description}`);
        assert.equal(outcome.user!.sub, member.user_id);
        assert.equal(outcome.user!.email, 'member@spa-plain.example');
        assert.equal(outcome.claims!.iss, `https://${domainOf(server)}/`);
        assert.ok(outcome.first);
      });

      it('signs in to an organization given by id', async () => {
        const { org } = await organizationWithMember(server, 'spa-by-id');
        const outcome = await login('member@spa-by-id.example', {}, { organization: org.id });
        assert.equal(outcome.error, undefined, `${outcome.error}: ${outcome.description}`);
        assert.equal(outcome.claims!.org_id, org.id);
      });

      it('signs in to an organization given by name (the SDK checks org_name)', async () => {
        const { org } = await organizationWithMember(server, 'spa-by-name');
        const outcome = await login('member@spa-by-name.example', {}, { organization: 'spa-by-name' });
        assert.equal(outcome.error, undefined, `${outcome.error}: ${outcome.description}`);
        assert.equal(outcome.claims!.org_id, org.id);
        assert.equal(outcome.claims!.org_name, 'spa-by-name');
      });

      it('gets a token silently through the iframe (response_mode=web_message) with the default options', async () => {
        const { org, member } = await organizationWithMember(server, 'spa-iframe');
        const outcome = await login('member@spa-iframe.example', {}, { organization: org.id });
        assert.equal(outcome.error, undefined, `${outcome.error}: ${outcome.description}`);
        const silent = (await page.evaluate('window.silent()')) as Outcome;
        assert.equal(silent.error, undefined, `${silent.error}: ${silent.description}`);
        const idToken = JSON.parse(Buffer.from(silent.refreshed!.id_token.split('.')[1], 'base64url').toString()) as Record<
          string,
          unknown
        >;
        assert.equal(idToken.sub, member.user_id);
        assert.equal(idToken.org_id, org.id);
      });

      it('logs out through /v2/logout back to the application, and the session is over', async () => {
        const { org } = await organizationWithMember(server, 'spa-logout');
        const outcome = await login('member@spa-logout.example', {}, { organization: org.id });
        assert.equal(outcome.error, undefined, `${outcome.error}: ${outcome.description}`);
        const logoutRequests: string[] = [];
        page.on('request', (request) => {
          if (request.url().startsWith(`${server.url}/v2/logout`)) logoutRequests.push(request.url());
        });
        await Promise.all([page.waitForURL(`${spa.origin}/`), page.evaluate('window.logout()')]);
        assert.equal(logoutRequests.length, 1, 'logout() went through /v2/logout');
        assert.equal(new URL(logoutRequests[0]).searchParams.get('returnTo'), `${spa.origin}/`);
        const silent = (await page.evaluate('window.silent()')) as Outcome;
        assert.equal(silent.error, 'login_required');
      });

      it('signs in with loginWithPopup (web_message to the opener)', async () => {
        const { member } = await organizationWithMember(server, 'spa-popup');
        await context?.close();
        context = await browser.newContext({ ignoreHTTPSErrors: true });
        page = await context.newPage();
        const sdkOptions = { domain: domainOf(server), clientId, authorizationParams: { redirect_uri: `${spa.origin}/callback` } };
        await page.goto(`${spa.origin}/?${new URLSearchParams({ options: JSON.stringify(sdkOptions) })}`);
        const opened = context.waitForEvent('page');
        const result = page.evaluate('window.popup()') as Promise<Outcome>;
        const popup = await opened;
        await popup.waitForURL(`${server.url}/login/**`);
        await popup.getByLabel('Email address').fill('member@spa-popup.example');
        await popup.getByRole('button', { name: 'Continue' }).click();
        await popup.getByLabel('Password').fill(PASSWORD);
        await popup.getByRole('button', { name: 'Continue' }).click();
        const outcome = await result;
        assert.equal(outcome.error, undefined, `${outcome.error}: ${outcome.description}`);
        assert.equal(outcome.user!.sub, member.user_id);
        assert.equal(outcome.claims!.iss, `https://${domainOf(server)}/`);
        // The response page leaves the popup open; the SDK closes it once it has the message.
        if (!popup.isClosed()) await popup.waitForEvent('close');
      });

      it('gets a new token through the refresh token with useRefreshTokens: true', async () => {
        const { org, member } = await organizationWithMember(server, 'spa-refresh');
        const outcome = await login('member@spa-refresh.example', { useRefreshTokens: true }, { organization: org.id });
        assert.equal(outcome.error, undefined, `${outcome.error}: ${outcome.description}`);
        assert.ok(outcome.refreshed?.access_token);
        assert.notEqual(outcome.refreshed.access_token, outcome.first, 'a fresh token, not the cached one');
        const refreshedIdToken = JSON.parse(Buffer.from(outcome.refreshed.id_token.split('.')[1], 'base64url').toString()) as Record<
          string,
          unknown
        >;
        assert.equal(refreshedIdToken.sub, member.user_id);
        assert.equal(refreshedIdToken.org_id, org.id);
      });
    });
  }
});
