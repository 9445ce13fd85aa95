// Organization discovery and home realm discovery by verified domain, in real Chromium, SQLite
// only: the domain is proved through the Management API against a DNS server the test runs on
// loopback; the person types only their email. HTTP-level versions (every dialect):
// test/login/verified-domains.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { organizationWithSamlIdp, startIdpPage } from './saml-idp-page.js';
import {
  PASSWORD,
  authorizationRequest,
  landOnCallback,
  launchChromium,
  organizationWithMember,
  pagePerTest,
  registerApp,
  skipReason,
  startCallback,
  visited,
} from './e2e.fixtures.js';

describe('discovery by verified domain in Chromium [sqlite]', { skip: skipReason() }, () => {
  let server: TestServer;
  let dns: TestDnsServer;
  let callback: Awaited<ReturnType<typeof startCallback>>;
  let idpPage: Awaited<ReturnType<typeof startIdpPage>>;
  let browser: Browser;
  let page: Page;
  before(async () => {
    browser = await launchChromium();
    callback = await startCallback();
    idpPage = await startIdpPage();
    dns = await startDnsServer();
    server = await startServer('sqlite', { env: { GATEHOUSE_DNS_SERVERS: dns.address } });
  });
  after(async () => {
    await Promise.all([browser?.close(), callback?.close(), idpPage?.close(), dns?.close(), server?.close()]);
  });
  pagePerTest(
    () => browser,
    (p) => {
      page = p;
    },
  );

  /** Adds the domain to the organization, publishes its TXT record, and verifies it. */
  async function proveDomain(organizationId: string, domain: string) {
    const added = await server.api('POST', `/organizations/${organizationId}/discovery-domains`, { domain });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    dns.txt.set(added.body.verification_host, [added.body.verification_txt]);
    const verified = await server.api('POST', `/organizations/${organizationId}/discovery-domains/${added.body.id}/verify`);
    assert.equal(verified.body.status, 'verified', JSON.stringify(verified.body));
  }

  const continueButton = () => page.getByRole('button', { name: 'Continue' });

  it('finds the organization and its IdP from a verified domain, with no organization parameter', async () => {
    const { idp } = idpPage;
    // No domain_aliases: only the organization's verified domain points at this connection.
    const { org } = await organizationWithSamlIdp(server, idpPage, 'vd-browser', {
      nameId: 'ada@vd-browser.example',
      attributes: { email: 'ada@vd-browser.example', firstName: 'Ada', lastName: 'Lovelace' },
    });
    await proveDomain(org.id, 'vd-browser.example');

    const app = await registerApp(server, callback.url, {
      organization_usage: 'require',
      organization_require_behavior: 'post_login_prompt',
    });
    const flow = await authorizationRequest(app);
    await page.goto(flow.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email address').fill('ada@vd-browser.example');
    await continueButton().click();

    await page.getByRole('heading', { name: 'Test IdP' }).waitFor();
    assert.ok(page.url().startsWith(idp.ssoUrl), `home realm discovery sends the browser to the IdP, got ${page.url()}`);
    await continueButton().click();
    const claims = await landOnCallback(page, app, flow);
    assert.equal(claims.org_id, org.id);
    assert.equal(claims.email, 'ada@vd-browser.example');
    assert.equal(claims.email_verified, true, "the organization's verified domain entitles its IdP's email");
  });

  it('offers the organizations whose verified domains cover the email, then signs in to the chosen one', async () => {
    const group = await organizationWithMember(server, 'vd-group');
    const branch = await organizationWithMember(server, 'vd-branch');
    await proveDomain(group.org.id, 'vd-group.example');
    await proveDomain(branch.org.id, 'eu.vd-group.example');
    const user = (await server.api('POST', '/users', { connection: 'vd-branch-db', email: 'lin@eu.vd-group.example', password: PASSWORD }))
      .body as { user_id: string };
    await server.api('POST', `/organizations/${branch.org.id}/members`, { members: [user.user_id] });

    const app = await registerApp(server, callback.url, {
      organization_usage: 'require',
      organization_require_behavior: 'post_login_prompt',
    });
    const flow = await authorizationRequest(app);
    await page.goto(flow.url);
    await page.getByLabel('Email address').fill('lin@eu.vd-group.example');
    await continueButton().click();
    await page.getByRole('heading', { name: 'Choose an organization' }).waitFor();
    await visited(page, 'domain-discovery', '1-picker');
    assert.equal(await page.getByRole('button', { name: 'vd-group Inc.' }).count(), 1);
    await page.getByRole('button', { name: 'vd-branch Inc.' }).click();

    await page.getByLabel('Password').fill(PASSWORD);
    await visited(page, 'domain-discovery', '2-password');
    await continueButton().click();
    const claims = await landOnCallback(page, app, flow);
    assert.equal(claims.org_id, branch.org.id);
    assert.equal(claims.sub, user.user_id);
  });

  it('sends a person of an SSO-enforced domain to the IdP from the identifier page, and refuses their password', async () => {
    const { idp } = idpPage;
    const { org } = await organizationWithMember(server, 'vd-enforced');
    await proveDomain(org.id, 'vd-enforced.example');
    const saml = await server.api('POST', '/connections', {
      name: 'vd-enforced-saml',
      strategy: 'samlp',
      options: { signInEndpoint: idp.ssoUrl, signingCert: idp.cert, entityId: idp.entityId },
    });
    await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
      connection_id: saml.body.id,
      assign_membership_on_login: true,
    });
    await server.api('PATCH', `/organizations/${org.id}`, { gatehouse_sso_enforcement: { enabled: true } });
    const app = await registerApp(server, callback.url, { organization_usage: 'allow' });

    // Through the identifier page: straight to the organization's IdP.
    const flow = await authorizationRequest(app, { organization: org.id });
    await page.goto(flow.url);
    await page.getByLabel('Email address').fill('member@vd-enforced.example');
    await continueButton().click();
    await page.getByRole('heading', { name: 'Test IdP' }).waitFor();

    // Straight to the password page (a hand-made request): the password is refused, saying why.
    const direct = await authorizationRequest(app, { organization: org.id, login_hint: 'member@vd-enforced.example' });
    await page.goto(direct.url);
    const passwordUrl = page.url().replace(/\/login\/([^/]+).*$/, '/login/$1/password');
    await page.goto(passwordUrl);
    await page.getByLabel('Password').fill(PASSWORD);
    await continueButton().click();
    await page.getByText('requires single sign-on').waitFor();
    await visited(page, 'domain-discovery', '3-sso-required');
  });
});
