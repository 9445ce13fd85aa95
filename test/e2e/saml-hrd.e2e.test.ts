// Enterprise sign-in through a SAML IdP, clicked through in real Chromium, SQLite only: home realm
// discovery from the email on the identifier page, the AuthnRequest redirect to a loopback IdP page,
// its auto-built POST form back to the ACS, and the ID token's org_id. The HTTP-level version of this
// flow (every dialect) is test/federation/saml-enterprise-login.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { createTestIdp } from '../federation/saml-idp.js';
import {
  authorizationRequest,
  landOnCallback,
  launchChromium,
  pagePerTest,
  registerApp,
  skipReason,
  startCallback,
  visited,
} from './e2e.fixtures.js';

const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Answer {
  metadata: string;
  acsUrl: string;
  nameId: string;
  attributes: Record<string, string>;
}

/**
 * The IdP's SSO endpoint as the browser sees it: GET /sso with the AuthnRequest (HTTP-Redirect
 * binding) answers with a page holding the signed SAMLResponse in a POST form to the ACS, which the
 * test submits by clicking "Continue" (no script). `answer` says who signs in; set it per test.
 */
async function startIdpPage() {
  let answer: Answer | undefined;
  const requests: string[] = [];
  let idp: ReturnType<typeof createTestIdp> | undefined;
  const server = http.createServer((req, res) => {
    void (async () => {
      const fullUrl = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (req.method !== 'GET' || fullUrl.pathname !== '/sso' || !idp || !answer) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      requests.push(fullUrl.toString());
      const SAMLResponse = await idp.respond(answer.metadata, fullUrl.toString(), { nameId: answer.nameId, attributes: answer.attributes });
      const RelayState = fullUrl.searchParams.get('RelayState') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html><html lang="en"><title>Test IdP</title>
<h1>Test IdP</h1><p>Signing in as ${escapeHtml(answer.nameId)}</p>
<form method="post" action="${escapeHtml(answer.acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${escapeHtml(SAMLResponse)}">
<input type="hidden" name="RelayState" value="${escapeHtml(RelayState)}">
<button type="submit">Continue</button>
</form></html>`);
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`test IdP failed: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  idp = createTestIdp({ ssoUrl: `http://127.0.0.1:${port}/sso` });
  return {
    idp,
    requests,
    answerWith(next: Answer) {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('enterprise sign-in through a SAML IdP in Chromium [sqlite]', { skip: skipReason() }, () => {
  let server: TestServer;
  let callback: Awaited<ReturnType<typeof startCallback>>;
  let idpPage: Awaited<ReturnType<typeof startIdpPage>>;
  let browser: Browser;
  let page: Page;
  // One at a time, so that `after` closes whatever did start when a later step fails.
  before(async () => {
    browser = await launchChromium();
    callback = await startCallback();
    idpPage = await startIdpPage();
    server = await startServer('sqlite');
  });
  after(async () => {
    await Promise.all([browser?.close(), callback?.close(), idpPage?.close(), server?.close()]);
  });
  pagePerTest(
    () => browser,
    (p) => {
      page = p;
    },
  );

  const continueButton = () => page.getByRole('button', { name: 'Continue' });

  it('discovers the IdP from the email domain, signs in through it, and lands with org_id', async () => {
    const { idp } = idpPage;
    const org = (await server.api('POST', '/organizations', { name: 'hrd-browser', display_name: 'HRD Browser Inc.' })).body as {
      id: string;
    };
    const created = await server.api('POST', '/connections', {
      name: 'hrd-browser-saml',
      strategy: 'samlp',
      organization_id: org.id,
      options: { signInEndpoint: idp.ssoUrl, signingCert: idp.cert, entityId: idp.entityId, domain_aliases: ['hrd-browser.example'] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const connectionId = created.body.id as string;
    const metadata = await (await fetch(`${server.url}/saml/${connectionId}/metadata`)).text();
    assert.match(metadata, /AssertionConsumerService/);
    const acsUrl = `${server.url}/login/sso/saml/${connectionId}/acs`;
    idpPage.answerWith({
      metadata,
      acsUrl,
      nameId: 'grace@hrd-browser.example',
      attributes: { email: 'grace@hrd-browser.example', firstName: 'Grace', lastName: 'Hopper' },
    });

    // No organization parameter: the email domain alone picks the connection and its organization.
    const app = await registerApp(server, callback.url, { organization_usage: 'allow' });
    const flow = await authorizationRequest(app);

    await page.goto(flow.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await visited(page, 'saml-hrd', '1-identifier');
    await page.getByLabel('Email address').fill('grace@hrd-browser.example');
    await continueButton().click();

    await page.getByRole('heading', { name: 'Test IdP' }).waitFor();
    assert.ok(page.url().startsWith(idp.ssoUrl), `home realm discovery sends the browser to the IdP, got ${page.url()}`);
    const sso = new URL(page.url());
    assert.ok(sso.searchParams.get('SAMLRequest'), 'the redirect carries an AuthnRequest');
    assert.ok(sso.searchParams.get('RelayState'), 'the redirect carries RelayState');
    assert.equal(idpPage.requests.length, 1);
    await visited(page, 'saml-hrd', '2-idp');
    await continueButton().click();

    const claims = await landOnCallback(page, app, flow);
    await visited(page, 'saml-hrd', '3-callback');
    assert.equal(claims.org_id, org.id);
    assert.equal(claims.email, 'grace@hrd-browser.example');
    assert.equal(claims.given_name, 'Grace');
    assert.match(String(claims.sub), /^samlp\|hrd-browser-saml\|/);
  });
});
