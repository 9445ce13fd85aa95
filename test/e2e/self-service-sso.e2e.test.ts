// A self-service SSO ticket followed in real Chromium, SQLite only: the vendor creates a profile
// and a ticket with the official SDK; the customer's IT admin opens the ticket URL, picks SAML,
// pastes the test IdP's metadata, tests the connection with a real sign-in through the IdP, proves
// their domain against a DNS server the test runs, and finishes. A person of that IdP then signs in
// to the organization. axe-core checks every wizard page. The HTTP-level suite (both dialects) is
// test/self-service/tickets.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManagementClient } from 'auth0';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { TLS } from '../sdk/sdk.fixtures.js';
import { startIdpPage } from './saml-idp-page.js';
import {
  authorizationRequest,
  landOnCallback,
  launchChromium,
  registerApp,
  skipReason,
  startCallback,
  checkPage as checkPageOf,
} from './e2e.fixtures.js';

/** Screenshot, labelled inputs, and no axe-core violation of any impact. */
const checkPage = (page: Page, step: string) => checkPageOf(page, 'self-service-sso', step);

describe('self-service SSO setup through its ticket in Chromium [sqlite]', { skip: skipReason() }, () => {
  let server: TestServer;
  let dns: TestDnsServer;
  let callback: Awaited<ReturnType<typeof startCallback>>;
  let idpPage: Awaited<ReturnType<typeof startIdpPage>>;
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
    callback = await startCallback();
    idpPage = await startIdpPage();
    dns = await startDnsServer();
    server = await startServer('sqlite', { tls: TLS, env: { GATEHOUSE_DNS_SERVERS: dns.address } });
  });
  after(async () => {
    await Promise.all([browser?.close(), callback?.close(), idpPage?.close(), dns?.close(), server?.close()]);
  });

  it('configures a SAML connection, tests it, verifies the domain and finishes; a person of the IdP then signs in', async () => {
    const management = new ManagementClient({
      domain: new URL(server.url).host,
      clientId: server.bootstrap.clientId,
      clientSecret: server.bootstrap.clientSecret,
      maxRetries: 0,
    });
    const profile = await management.selfServiceProfiles.create({
      name: 'Acme Cloud',
      allowed_strategies: ['samlp', 'okta', 'oidc'],
      branding: { colors: { primary: '#0a5c3e' } },
      user_attributes: [
        { name: 'email', description: 'Work email', is_optional: false },
        { name: 'department', description: 'Routing of support requests', is_optional: true },
      ],
    });
    const org = await management.organizations.create({ name: 'wizard-corp', display_name: 'Wizard Corp' });
    const app = await registerApp(server, callback.url, { organization_usage: 'require' });
    const { ticket } = await management.selfServiceProfiles.ssoTicket.create(profile.id!, {
      connection_config: { name: 'wizard-corp-saml', display_name: 'Wizard Corp SSO' },
      enabled_clients: [app.clientId],
      enabled_organizations: [{ organization_id: org.id!, assign_membership_on_login: true, show_as_button: true }],
      domain_aliases_config: { domain_verification: 'required' },
    });
    assert.ok(ticket?.startsWith(`${server.url}/self-service/connections-flow?ticket=`), ticket);

    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const page = await context.newPage();
      const button = (name: string) => page.getByRole('button', { name, exact: true });

      // 1. The identity provider: only the profile's strategies.
      await page.goto(ticket!);
      await page.getByRole('heading', { name: 'Choose your identity provider' }).waitFor();
      assert.deepEqual(await page.getByRole('radio').evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).value)), [
        'oidc',
        'samlp',
        'okta',
      ]);
      await checkPage(page, '1-provider');
      await page.getByLabel('SAML', { exact: true }).check();
      await button('Continue').click();

      // 2. The values to paste into the IdP, then the IdP's metadata.
      await page.getByRole('heading', { name: 'Connect SAML' }).waitFor();
      await checkPage(page, '2-configure');
      const value = async (label: string) =>
        (await page.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]').textContent())?.trim() ?? '';
      const acsUrl = await value('ACS URL');
      const metadataUrl = await value('SP metadata URL');
      assert.match(acsUrl, /^https:\/\/localhost:\d+\/login\/sso\/saml\/con_[A-Za-z0-9]+\/acs$/);
      assert.equal(await value('Entity ID'), acsUrl.replace('/login/sso/saml/', '/saml/').replace(/\/acs$/, ''));
      const metadata = await (await fetch(metadataUrl)).text();
      assert.match(metadata, /AssertionConsumerService/);
      idpPage.answerWith({
        metadata,
        acsUrl,
        nameId: 'ada@wizard-corp.example',
        attributes: { email: 'ada@wizard-corp.example', firstName: 'Ada', lastName: 'Lovelace' },
      });
      await page.getByLabel('IdP metadata XML').fill(idpPage.idp.metadataXml);
      await button('Save and continue').click();

      // 3. The test sign-in: out to the IdP, back with what it sent.
      await page.getByRole('heading', { name: 'Test the connection' }).waitFor();
      await checkPage(page, '3-test');
      await page.getByRole('link', { name: 'Test sign-in' }).click();
      await page.getByRole('heading', { name: 'Test IdP' }).waitFor();
      assert.ok(new URL(page.url()).searchParams.get('SAMLRequest'), 'the test sends an AuthnRequest');
      await button('Continue').click();
      await page.getByText('The test sign-in worked.').waitFor();
      assert.ok(page.url().endsWith('/self-service/setup/test'), page.url());
      const claims = page.getByRole('table').first();
      await claims.getByRole('cell', { name: 'ada@wizard-corp.example' }).first().waitFor();
      assert.equal(
        await page
          .getByRole('row', { name: /department/ })
          .getByRole('cell')
          .last()
          .textContent(),
        'No',
      );
      await checkPage(page, '4-tested');
      await page.getByRole('link', { name: 'Continue' }).click();

      // 4. The domain, proved by its TXT record.
      await page.getByRole('heading', { name: 'Verify your domains' }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Continue' }).count(), 0, 'a required domain must be verified first');
      await page.getByLabel('Email domain').fill('wizard-corp.example');
      await button('Add domain').click();
      const row = page.getByRole('row', { name: /wizard-corp\.example/ });
      const record = await row.getByRole('cell').nth(1).locator('code').allTextContents();
      assert.equal(record[0], '_gatehouse-verification.wizard-corp.example');
      dns.txt.set(record[0], [record[1]]);
      await checkPage(page, '5-domains');
      await page.getByRole('button', { name: 'Verify wizard-corp.example' }).click();
      await row.getByRole('cell', { name: 'verified' }).waitFor();
      await page.getByRole('link', { name: 'Continue' }).click();

      // 5. Finish: the connection goes live for the organization.
      await page.getByRole('heading', { name: 'Finish the setup' }).waitFor();
      await checkPage(page, '6-finish');
      await button('Finish setup').click();
      await page.getByRole('heading', { name: 'Single sign-on is set up' }).waitFor();
      await checkPage(page, '7-done');

      // The ticket is spent: opening it again is refused.
      await page.goto(ticket!);
      await page.getByRole('heading', { name: 'This setup link cannot be used' }).waitFor();

      // A person of the IdP signs in to the organization: home realm discovery by the verified domain.
      const flow = await authorizationRequest(app, { organization: org.id! });
      await page.goto(flow.url);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Email address').fill('ada@wizard-corp.example');
      await button('Continue').click();
      await page.getByRole('heading', { name: 'Test IdP' }).waitFor();
      await button('Continue').click();
      const tokens = await landOnCallback(page, app, flow);
      assert.equal(tokens.org_id, org.id);
      assert.equal(tokens.email, 'ada@wizard-corp.example');
      assert.match(String(tokens.sub), /^samlp\|wizard-corp-saml\|/);
    } finally {
      await context.close();
    }

    const members = await management.organizations.members.list(org.id!);
    assert.deepEqual(
      members.data.map((m) => m.email),
      ['ada@wizard-corp.example'],
    );
  });
});
