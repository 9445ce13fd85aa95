// Enterprise sign-in through a SAML IdP, clicked through in real Chromium, SQLite only: home realm
// discovery from the email on the identifier page, the AuthnRequest redirect to a loopback IdP page,
// its auto-built POST form back to the ACS, and the ID token's org_id. The HTTP-level version of this
// flow (every dialect) is test/federation/saml-enterprise-login.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { organizationWithSamlIdp, startIdpPage } from './saml-idp-page.js';
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
    const { org } = await organizationWithSamlIdp(server, idpPage, 'hrd-browser', {
      nameId: 'grace@hrd-browser.example',
      attributes: { email: 'grace@hrd-browser.example', firstName: 'Grace', lastName: 'Hopper' },
      domainAliases: ['hrd-browser.example'],
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
