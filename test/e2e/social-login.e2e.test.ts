// Social sign-in clicked through in real Chromium, SQLite only: the "Continue with Google/GitHub"
// buttons of the hosted login, the round trip to the stand-ins (Google: oidc-provider; GitHub: its
// OAuth web flow and REST API) and back, without an organization and in one. The HTTP-level version
// (every dialect, refusals too) is test/federation/social-login.test.ts.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/start-server.js';
import {
  GRACE,
  OCTOCAT,
  SOCIAL_CLIENT_ID,
  SOCIAL_CLIENT_SECRET,
  socialEnv,
  startGithubStandIn,
  startGoogleStandIn,
  type GithubStandIn,
  type GoogleStandIn,
} from '../federation/social-idp.fixtures.js';
import { authorizationRequest, landOnCallback, launchChromium, registerApp, skipReason, startCallback, visited } from './e2e.fixtures.js';

describe('social sign-in with Google and GitHub in Chromium [sqlite]', { skip: skipReason() }, () => {
  let server: TestServer;
  let callback: Awaited<ReturnType<typeof startCallback>>;
  let google: GoogleStandIn;
  let github: GithubStandIn;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let organization: { id: string; display_name: string };

  before(async () => {
    browser = await launchChromium();
    callback = await startCallback();
    google = await startGoogleStandIn();
    github = await startGithubStandIn();
    server = await startServer('sqlite', { env: socialEnv(google, github) });
    await google.register(`${server.url}/login/sso/oidc/callback`);
    const options = { client_id: SOCIAL_CLIENT_ID, client_secret: SOCIAL_CLIENT_SECRET };
    const g = (
      await server.api('POST', '/connections', { name: 'google-oauth2', display_name: 'Google', strategy: 'google-oauth2', options })
    ).body;
    const h = (await server.api('POST', '/connections', { name: 'github', display_name: 'GitHub', strategy: 'github', options })).body;
    organization = (await server.api('POST', '/organizations', { name: 'social-e2e', display_name: 'Social E2E Inc.' })).body;
    for (const connection of [g, h]) {
      const enabled = await server.api('POST', `/organizations/${organization.id}/enabled_connections`, {
        connection_id: connection.id,
        assign_membership_on_login: true,
      });
      assert.equal(enabled.status, 201, JSON.stringify(enabled.body));
    }
  });
  after(async () => {
    await Promise.all([browser?.close(), callback?.close(), server?.close(), google?.close(), github?.close()]);
  });
  // The stand-ins serve the test certificate, which this throwaway browser context is told to accept.
  beforeEach(async () => {
    context = await browser.newContext({ ignoreHTTPSErrors: true });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });

  async function signInWith(label: string, test: string, params: Record<string, string> = {}) {
    const app = await registerApp(server, callback.url, { organization_usage: 'allow' });
    const flow = await authorizationRequest(app, params);
    await page.goto(flow.url);
    const choice = page.getByRole('link', { name: `Continue with ${label}` });
    await choice.waitFor();
    await visited(page, test, 'login');
    await choice.click();
    return landOnCallback(page, app, flow);
  }

  it('signs in with Google without an organization', async () => {
    const claims = await signInWith('Google', 'social-google');
    assert.equal(claims.sub, `google-oauth2|${GRACE.sub}`);
    assert.equal(claims.email, GRACE.email.toLowerCase());
    assert.equal(claims.org_id, undefined);
  });

  it('signs in with GitHub without an organization', async () => {
    const claims = await signInWith('GitHub', 'social-github');
    assert.equal(claims.sub, `github|${OCTOCAT.user.id}`);
    assert.equal(claims.email, 'octocat@github.test');
  });

  it('signs in with Google in an organization and becomes its member', async () => {
    const claims = await signInWith('Google', 'social-google-org', { organization: organization.id });
    await visited(page, 'social-google-org', 'callback');
    assert.equal(claims.org_id, organization.id);
    assert.equal(claims.sub, `google-oauth2|${GRACE.sub}`);
  });

  it('signs in with GitHub in an organization, whose branding the login page shows', async () => {
    const app = await registerApp(server, callback.url, { organization_usage: 'allow' });
    const flow = await authorizationRequest(app, { organization: organization.id });
    await page.goto(flow.url);
    await page.getByText(organization.display_name).first().waitFor();
    await page.getByRole('link', { name: 'Continue with GitHub' }).click();
    const claims = await landOnCallback(page, app, flow);
    assert.equal(claims.org_id, organization.id);
    assert.equal(claims.sub, `github|${OCTOCAT.user.id}`);
    const members = (await server.api('GET', `/organizations/${organization.id}/members`)).body as { user_id: string }[];
    assert.ok(members.some((m) => m.user_id === `github|${OCTOCAT.user.id}`));
  });

  it('shows why a GitHub account without a verified primary email cannot sign in', async () => {
    github.account = structuredClone(OCTOCAT);
    github.account.emails = [{ email: 'unverified@example.test', primary: true, verified: false, visibility: null }];
    try {
      const app = await registerApp(server, callback.url);
      const flow = await authorizationRequest(app);
      await page.goto(flow.url);
      await page.getByRole('link', { name: 'Continue with GitHub' }).click();
      await page.getByRole('heading', { name: 'Your email address is not verified' }).waitFor();
      await visited(page, 'social-github-unverified', 'refusal');
      await page.getByRole('button', { name: `Back to ${'Browser test app'}` }).click();
      await page.waitForURL((url) => url.toString().startsWith(callback.url));
      assert.equal(new URL(page.url()).searchParams.get('error'), 'access_denied');
    } finally {
      github.account = structuredClone(OCTOCAT);
    }
  });
});
