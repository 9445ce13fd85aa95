import assert from 'node:assert/strict';
import { generate } from 'otplib';
import type { TestServer } from '../helpers/start-server.js';
import type { Agent, Page } from '../helpers/browser-agent.js';
import { CALLBACK, formAction, inputValue, organizationWithMember, registerApp, signInWithPassword } from '../login/login.fixtures.js';

/** The key the enrolment page shows for typing by hand, without its spaces. */
export const manualKey = (html: string) => /<code id="totp-key">([A-Z2-7 ]+)<\/code>/.exec(html)![1].replaceAll(' ', '');
export const recoveryCodes = (html: string) => [...html.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);

/** Posts the page's first form with its CSRF token. */
export const post = (agent: Agent, page: Page, form: Record<string, string>) =>
  agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), ...form }, stopAt: CALLBACK });

/** The TOTP code of the secret at the time (seconds since the epoch, now by default). */
export const totp = (secret: string, epochMs = Date.now()) => generate({ secret, epoch: Math.floor(epochMs / 1000) });

/** An organization that requires MFA of its members, and an application that allows organizations. */
export async function requiringOrganization(server: TestServer, name: string, policy: Record<string, unknown> = {}) {
  const made = await organizationWithMember(server, name);
  const patched = await server.api('PATCH', `/organizations/${made.org.id}`, { gatehouse_mfa_policy: { require: true, ...policy } });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  const app = await registerApp(server, { organization_usage: 'allow' });
  return { ...made, app };
}

/** Password, then the enrolment page; enrols with a code for the key shown; returns the key, the recovery codes and the callback. */
export async function enrolTotp(agent: Agent, first: Page, email: string, code: (secret: string) => Promise<string>) {
  const enrolPage = await signInWithPassword(agent, first, email);
  assert.match(enrolPage.html, /Set up two-step verification/, enrolPage.html.slice(0, 800));
  assert.match(enrolPage.html, /<img class="qr" src="data:image\/png;base64,/);
  const secret = manualKey(enrolPage.html);
  const codesPage = await post(agent, enrolPage, { code: await code(secret) });
  assert.match(codesPage.html, /Save your recovery codes/, codesPage.html.slice(0, 800));
  const codes = recoveryCodes(codesPage.html);
  assert.equal(codes.length, 10);
  const callback = await post(agent, codesPage, {});
  return { secret, codes, callback };
}
