// Security keys and passkeys in real Chromium, SQLite only, with the DevTools protocol's virtual
// authenticator: the pages' script (the served @simplewebauthn/browser bundle and ours) runs under
// the login's CSP. axe-core checks every WebAuthn page. The HTTP-level versions, every dialect,
// with counters and replays: test/mfa/webauthn-login.test.ts.
import { after, before, beforeEach, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/start-server.js';
import {
  PASSWORD,
  authorizationRequest,
  landOnCallback,
  launchChromium,
  organizationWithMember,
  registerApp,
  skipReason,
  startCallback,
  checkPage,
} from './e2e.fixtures.js';

describe('WebAuthn in the hosted login in Chromium [sqlite]', { skip: skipReason() }, () => {
  let server: TestServer;
  let callback: Awaited<ReturnType<typeof startCallback>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const scriptErrors: string[] = [];
  before(async () => {
    browser = await launchChromium();
    callback = await startCallback();
    server = await startServer('sqlite');
  });
  after(async () => {
    await Promise.all([browser?.close(), callback?.close(), server?.close()]);
  });
  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
    scriptErrors.length = 0;
    page.on('pageerror', (error) => scriptErrors.push(String(error)));
  });
  afterEach(async () => {
    await context?.close();
  });

  /** A virtual authenticator on this page: a USB security key, or this device's (internal). */
  async function addAuthenticator(transport: 'usb' | 'internal') {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport, hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
  }

  /** An organization whose policy requires MFA, its member, and an application allowing organizations. */
  async function requiring(name: string) {
    const made = await organizationWithMember(server, name);
    const patched = await server.api('PATCH', `/organizations/${made.org.id}`, { gatehouse_mfa_policy: { require: true } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    return { ...made, email: `member@${name}.example`, app: await registerApp(server, callback.url, { organization_usage: 'allow' }) };
  }

  async function password(email: string) {
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  /** Password, then the enrolment the policy asks for: a security key or a passkey, and the recovery codes. */
  async function enrol(made: Awaited<ReturnType<typeof requiring>>, test: string, kind: { link: string; heading: string; button: string }) {
    const flow = await authorizationRequest(made.app, { organization: made.org.id });
    await page.goto(flow.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await password(made.email);
    await page.getByRole('heading', { name: 'Set up two-step verification' }).waitFor();
    await page.getByRole('link', { name: kind.link }).click();
    await page.getByRole('heading', { name: kind.heading }).waitFor();
    await page.getByRole('button', { name: kind.button }).waitFor();
    await checkPage(page, test, '1-enrol');
    await page.getByRole('button', { name: kind.button }).click();
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    await page.getByRole('button', { name: 'I saved my codes, continue' }).click();
    return landOnCallback(page, made.app, flow);
  }

  it('enrols a security key a policy forces, then signs in again with it', async () => {
    await addAuthenticator('usb');
    const made = await requiring('e2e-key');
    const enrolled = await enrol(made, 'webauthn-key', {
      link: 'use a security key',
      heading: 'Set up a security key',
      button: 'Set up security key',
    });
    assert.deepEqual(enrolled.amr, ['pwd', 'hwk', 'mfa']);

    const flow = await authorizationRequest(made.app, { organization: made.org.id, prompt: 'login' });
    await page.goto(flow.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await password(made.email);
    await page.getByRole('heading', { name: 'Verify your identity' }).waitFor();
    await page.getByRole('button', { name: 'Use security key or passkey' }).waitFor();
    await checkPage(page, 'webauthn-key', '2-challenge');
    await page.getByRole('button', { name: 'Use security key or passkey' }).click();
    const claims = await landOnCallback(page, made.app, flow);
    assert.deepEqual(claims.amr, ['pwd', 'hwk', 'mfa']);
    assert.equal(claims.org_id, made.org.id);
    assert.deepEqual(scriptErrors, []);
  });

  it('creates a passkey after a login, then signs in with it alone: from the autofill, and from the button', async () => {
    await addAuthenticator('internal');
    const made = await requiring('e2e-passkey');
    const enrolled = await enrol(made, 'webauthn-passkey', {
      link: 'create a passkey',
      heading: 'Create a passkey',
      button: 'Create a passkey',
    });
    assert.deepEqual(enrolled.amr, ['pwd', 'hwk', 'mfa']);

    // Conditional UI: the identifier page asks for a passkey through the username field's autofill,
    // which the virtual authenticator answers at once with the discoverable credential.
    const autofill = await authorizationRequest(made.app, { organization: made.org.id, prompt: 'login' });
    await page.goto(autofill.url);
    const signedIn = await landOnCallback(page, made.app, autofill);
    assert.deepEqual(signedIn.amr, ['hwk', 'mfa']);
    assert.equal(signedIn.sub, made.member.user_id);

    // A browser without conditional UI: the button.
    await page.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
    const flow = await authorizationRequest(made.app, { organization: made.org.id, prompt: 'login' });
    await page.goto(flow.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
    assert.equal(await page.getByLabel('Email address').getAttribute('autocomplete'), 'username webauthn');
    await checkPage(page, 'webauthn-passkey', '2-identifier');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    const claims = await landOnCallback(page, made.app, flow);
    assert.deepEqual(claims.amr, ['hwk', 'mfa']);
    assert.equal(claims.sub, made.member.user_id);
    assert.deepEqual(scriptErrors, []);
  });

  it('shows the passkey button as the page loads, before its options arrive, so nothing moves under the pointer', async () => {
    const made = await organizationWithMember(server, 'e2e-steady');
    const app = await registerApp(server, callback.url, { organization_usage: 'allow' });
    const flow = await authorizationRequest(app, { organization: made.org.id });
    // The options call is held until the page has been looked at.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/passkey/options', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(flow.url);
    const passkey = page.getByRole('button', { name: 'Sign in with a passkey' });
    await passkey.waitFor({ timeout: 10_000 });
    const before = await page.getByRole('button', { name: 'Continue' }).boundingBox();
    const answered = page.waitForResponse('**/passkey/options');
    release();
    assert.equal((await answered).status(), 200);
    assert.deepEqual(await page.getByRole('button', { name: 'Continue' }).boundingBox(), before);
    await password('member@e2e-steady.example');
    const claims = await landOnCallback(page, app, flow);
    assert.deepEqual(claims.amr, ['pwd']);
    assert.deepEqual(scriptErrors, []);
  });

  it('shows no passkey button without JavaScript, and the password still works', async () => {
    await context.close();
    context = await browser.newContext({ javaScriptEnabled: false });
    page = await context.newPage();
    const made = await organizationWithMember(server, 'e2e-no-script');
    const app = await registerApp(server, callback.url, { organization_usage: 'allow' });
    const flow = await authorizationRequest(app, { organization: made.org.id });
    await page.goto(flow.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Sign in with a passkey' }).count(), 0);
    await password('member@e2e-no-script.example');
    const claims = await landOnCallback(page, app, flow);
    assert.deepEqual(claims.amr, ['pwd']);
  });
});
