// The hosted login clicked through in real Chromium, SQLite only: the HTTP-level versions of these
// flows (every dialect) live in test/login/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/start-server.js';
import {
  PASSWORD,
  authorizationRequest,
  landOnCallback,
  launchChromium,
  pagePerTest,
  organizationWithMember,
  registerApp,
  skipReason,
  startCallback,
  visited,
} from './e2e.fixtures.js';

describe('hosted login in Chromium [sqlite]', { skip: skipReason() }, () => {
  let server: TestServer;
  let callback: Awaited<ReturnType<typeof startCallback>>;
  let browser: Browser;
  let page: Page;
  // One at a time, so that `after` closes whatever did start when a later step fails.
  before(async () => {
    browser = await launchChromium();
    callback = await startCallback();
    server = await startServer('sqlite');
  });
  after(async () => {
    await Promise.all([browser?.close(), callback?.close(), server?.close()]);
  });
  pagePerTest(
    () => browser,
    (p) => {
      page = p;
    },
  );

  const continueButton = () => page.getByRole('button', { name: 'Continue' });

  it('asks for the organization name first, then signs the member in to it', async () => {
    const { org } = await organizationWithMember(server, 'prompted');
    const app = await registerApp(server, callback.url, {
      organization_usage: 'require',
      organization_require_behavior: 'pre_login_prompt',
    });
    const flow = await authorizationRequest(app);

    await page.goto(flow.url);
    await page.getByRole('heading', { name: 'Enter your organization' }).waitFor();
    await visited(page, 'organization-prompt', '1-organization');
    await page.getByLabel('Organization name').fill('prompted');
    await continueButton().click();

    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await visited(page, 'organization-prompt', '2-identifier');
    assert.equal(await page.locator('p.org').textContent(), 'prompted Inc.');
    assert.equal(await continueButton().evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(10, 125, 90)');
    await page.getByLabel('Email address').fill('member@prompted.example');
    await continueButton().click();

    await page.getByRole('heading', { name: 'Enter your password' }).waitFor();
    await visited(page, 'organization-prompt', '3-password');
    await page.getByLabel('Password').fill(PASSWORD);
    await continueButton().click();

    const claims = await landOnCallback(page, app, flow);
    await visited(page, 'organization-prompt', '4-callback');
    assert.equal(claims.org_id, org.id);
    assert.equal(claims.email, 'member@prompted.example');
  });

  it('signs a member in with a password when the application names the organization', async () => {
    const { org, member } = await organizationWithMember(server, 'named');
    const app = await registerApp(server, callback.url, { organization_usage: 'allow' });
    const flow = await authorizationRequest(app, { organization: org.id });

    await page.goto(flow.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await visited(page, 'password-login', '1-identifier');
    assert.equal(await page.locator('p.org').textContent(), 'named Inc.');
    await page.getByLabel('Email address').fill('member@named.example');
    await continueButton().click();

    await page.getByRole('heading', { name: 'Enter your password' }).waitFor();
    await visited(page, 'password-login', '2-password');
    await page.getByLabel('Password').fill(PASSWORD);
    await continueButton().click();

    const claims = await landOnCallback(page, app, flow);
    await visited(page, 'password-login', '3-callback');
    assert.equal(claims.sub, member.user_id);
    assert.equal(claims.org_id, org.id);
  });

  it("accepts an invitation by sign-up with the invitee's email locked, granting its roles", async () => {
    const { org, connection } = await organizationWithMember(server, 'inviting');
    const app = await registerApp(server, callback.url, { organization_usage: 'allow' });
    const role = await server.api('POST', '/roles', { name: 'e2e-editor' });
    assert.equal(role.status, 200, JSON.stringify(role.body));
    const invitation = await server.api('POST', `/organizations/${org.id}/invitations`, {
      inviter: { name: 'Alice' },
      invitee: { email: 'newcomer@inviting.example' },
      client_id: app.clientId,
      connection_id: connection.id,
      roles: [role.body.id],
      send_invitation_email: false,
    });
    assert.equal(invitation.status, 201, JSON.stringify(invitation.body));
    const flow = await authorizationRequest(app, { organization: org.id, invitation: invitation.body.ticket_id });

    await page.goto(flow.url);
    await page.getByRole('heading', { name: 'Join inviting Inc.' }).waitFor();
    await visited(page, 'invitation-signup', '1-signup');
    const email = page.getByLabel('Email address');
    assert.equal(await email.inputValue(), 'newcomer@inviting.example');
    assert.equal(await email.getAttribute('readonly'), '', "the invitee's email cannot be changed");
    assert.equal(await email.isEditable(), false);
    await page.getByLabel('Password (at least 8 characters)').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();

    const claims = await landOnCallback(page, app, flow);
    await visited(page, 'invitation-signup', '2-callback');
    assert.equal(claims.org_id, org.id);
    assert.equal(claims.email, 'newcomer@inviting.example');
    const roles = await server.api('GET', `/organizations/${org.id}/members/${encodeURIComponent(claims.sub)}/roles`);
    assert.equal(roles.status, 200, JSON.stringify(roles.body));
    assert.deepEqual(
      roles.body.map((r: { id: string }) => r.id),
      [role.body.id],
    );
  });

  it('ties the wrong-password error to the password field with aria-describedby', async () => {
    await organizationWithMember(server, 'mistyped');
    const app = await registerApp(server, callback.url, { organization_usage: 'allow' });
    const flow = await authorizationRequest(app, { organization: 'mistyped' });

    await page.goto(flow.url);
    await page.getByLabel('Email address').fill('member@mistyped.example');
    await continueButton().click();
    await page.getByRole('heading', { name: 'Enter your password' }).waitFor();
    await page.getByLabel('Password').fill('not-the-password');
    await continueButton().click();

    const error = page.locator('#password-error');
    await error.waitFor();
    await visited(page, 'wrong-password', '1-error');
    const password = page.getByLabel('Password');
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    const describedBy = await password.getAttribute('aria-describedby');
    assert.equal(describedBy, 'password-error');
    assert.equal(await page.locator(`#${describedBy}`).textContent(), 'Wrong email or password.');

    await password.fill(PASSWORD);
    await continueButton().click();
    const claims = await landOnCallback(page, app, flow);
    assert.ok(claims.org_id, 'the right password still signs in after a wrong one');
  });
});
