// WebAuthn in the hosted login over HTTP, every dialect: a software authenticator (soft-authenticator.ts)
// answers the pages' options, so the test chooses counters and replays. The same flows in Chromium
// with its virtual authenticator: test/e2e/webauthn.e2e.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { CALLBACK, authorize, createAgent, exchange, inputValue, registerApp, signInWithPassword } from '../login/login.fixtures.js';
import type { Agent, Page } from '../helpers/browser-agent.js';
import { post, requiringOrganization } from './mfa.fixtures.js';
import { createSoftAuthenticator, type SoftAuthenticator } from './soft-authenticator.js';

const decodeEntities = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The page's WebAuthn form: where it posts and the options its script would hand the browser. */
function webauthnForm(page: Page) {
  const match = /<form method="post" action="([^"]+)" data-webauthn="(\w+)" data-options="([^"]*)"/.exec(page.html);
  if (!match) throw new Error(`no WebAuthn form in ${page.url} (${page.status}):\n${page.html.slice(0, 1500)}`);
  return { action: new URL(match[1], page.url).toString(), mode: match[2], options: JSON.parse(decodeEntities(match[3])) };
}

/** The agent's cookies a browser sends to `url` (the interaction's cookie is scoped to its path). */
const cookiesOf = (agent: Agent, url: URL) =>
  agent.cookies
    .filter((c) => c.host === url.host && url.pathname.startsWith(c.path))
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');

/**
 * The identifier page's passkey form, whose options its script asks for: the POST the script
 * makes (same origin, JSON, the page's CSRF token), with the agent's cookies.
 */
async function passkeyForm(agent: Agent, page: Page) {
  const match = /<form method="post" action="([^"]+)" data-webauthn="authenticate" data-options-url="([^"]+)" data-autofill/.exec(
    page.html,
  );
  if (!match) throw new Error(`no passkey form in ${page.url} (${page.status}):\n${page.html.slice(0, 1500)}`);
  const url = new URL(decodeEntities(match[2]), page.url);
  const res = await fetch(url, {
    method: 'POST',
    headers: { origin: url.origin, cookie: cookiesOf(agent, url), 'content-type': 'application/json' },
    body: JSON.stringify({ _csrf: inputValue(page.html, '_csrf') }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return { action: new URL(match[1], page.url).toString(), mode: 'authenticate', options: await res.json() };
}

/** Posts a credential to the page's WebAuthn form; `stopAt` as the agent's (the server's URL: do not resume the authorization). */
/** Where the page's WebAuthn form posts, whether its options are inline or asked for. */
function webauthnAction(page: Page): string {
  const match = /<form method="post" action="([^"]+)" data-webauthn=/.exec(page.html);
  if (!match) throw new Error(`no WebAuthn form in ${page.url} (${page.status}):\n${page.html.slice(0, 1500)}`);
  return new URL(match[1], page.url).toString();
}

const submit = (agent: Agent, page: Page, credential: unknown, stopAt = CALLBACK) =>
  agent.go(webauthnAction(page), {
    form: { _csrf: inputValue(page.html, '_csrf'), credential: JSON.stringify(credential) },
    stopAt,
  });

const link = (page: Page, path: string) => {
  const match = new RegExp(`href="([^"]+${path})"`).exec(page.html);
  if (!match) throw new Error(`no link to ${path} in ${page.url}:\n${page.html.slice(0, 1500)}`);
  return new URL(match[1], page.url).toString();
};

for (const dialect of DIALECTS) {
  describe(`WebAuthn in the hosted login [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    /** Password, then (the organization requiring MFA) the enrolment of a security key or passkey. */
    async function enrolKey(name: string, kind: 'security-key' | 'passkey', key: (s: TestServer) => SoftAuthenticator) {
      const made = await requiringOrganization(server, name);
      const email = `member@${name}.example`;
      const authenticator = key(server);
      const agent = createAgent();
      const flow = await authorize(made.app.config, agent, { organization: made.org.id });
      const totpPage = await signInWithPassword(agent, flow.page, email);
      assert.match(totpPage.html, /Set up two-step verification/);
      const page = await agent.go(link(totpPage, `/mfa/enrol/${kind}`));
      assert.equal(page.status, 200);
      const form = webauthnForm(page);
      assert.equal(form.mode, 'register');
      assert.equal(form.options.rp.id, 'localhost');
      const codes = await submit(agent, page, authenticator.register(form.options));
      assert.match(codes.html, /Save your recovery codes/, codes.html.slice(0, 800));
      const callback = await post(agent, codes, {});
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 800));
      return { ...made, email, authenticator, amr: (await exchange(made.app.config, callback.url, flow)).claims()!.amr };
    }

    /** A new login with the password, up to the MFA challenge page. */
    async function challengePage(made: Awaited<ReturnType<typeof enrolKey>>) {
      const agent = createAgent();
      const flow = await authorize(made.app.config, agent, { organization: made.org.id });
      const page = await signInWithPassword(agent, flow.page, made.email);
      assert.match(page.html, /Verify your identity/);
      return { agent, flow, page, form: webauthnForm(page) };
    }

    const logTypes = async (userId: string) =>
      ((await server.api('GET', `/logs?q=${encodeURIComponent(`user_id:"${userId}"`)}&per_page=100`)).body as { type: string }[]).map(
        (l) => l.type,
      );

    it('enrols a security key where the organization requires MFA, with pwd, hwk and mfa in the ID token', async () => {
      const made = await enrolKey('key-enrol', 'security-key', (s) => createSoftAuthenticator(s.url));
      assert.deepEqual(made.amr, ['pwd', 'hwk', 'mfa']);
      const methods = await server.api('GET', `/users/${encodeURIComponent(made.member.user_id)}/authentication-methods`);
      const key = (methods.body as { type: string; key_id?: string; relying_party_identifier?: string }[]).find(
        (m) => m.type === 'webauthn-roaming',
      );
      assert.equal(key?.key_id, made.authenticator.id, JSON.stringify(methods.body));
      assert.equal(key?.relying_party_identifier, 'localhost');
      assert.ok((await logTypes(made.member.user_id)).includes('gd_enrollment_complete'));
    });

    it('challenges an enrolled security key, and accepts one assertion only once', async () => {
      const made = await enrolKey('key-replay', 'security-key', (s) => createSoftAuthenticator(s.url));
      const { agent, page, form } = await challengePage(made);
      assert.equal(form.mode, 'authenticate');
      assert.deepEqual(
        form.options.allowCredentials.map((c: { id: string }) => c.id),
        [made.authenticator.id],
      );
      const assertion = made.authenticator.assert(form.options, { counter: 1 });
      // The same assertion twice at once: one request takes the challenge, the other finds none.
      const answers = await Promise.all([submit(agent, page, assertion, server.url), submit(agent, page, assertion, server.url)]);
      const resumed = answers.filter((a) => a.status === 303 && !new URL(a.url).pathname.startsWith('/login/'));
      assert.equal(resumed.length, 1, JSON.stringify(answers.map((a) => [a.status, a.url])));
      const types = await logTypes(made.member.user_id);
      assert.equal(types.filter((t) => t === 'gd_auth_succeed').length, 1, JSON.stringify(types));
    });

    it("refuses an assertion answering another login's challenge", async () => {
      const made = await enrolKey('key-cross', 'security-key', (s) => createSoftAuthenticator(s.url));
      const first = await challengePage(made);
      const second = await challengePage(made);
      const stolen = made.authenticator.assert(first.form.options, { counter: 1 });
      const refused = await submit(second.agent, second.page, stolen);
      assert.equal(refused.status, 401);
      const callback = await submit(second.agent, refused, made.authenticator.assert(webauthnForm(refused).options, { counter: 2 }));
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 800));
      assert.deepEqual((await exchange(made.app.config, callback.url, second.flow)).claims()!.amr, ['pwd', 'hwk', 'mfa']);
    });

    it('challenges a member whose only factor is a passkey with it, after the password, rather than enrolling them again', async () => {
      const made = await enrolKey('passkey-second', 'passkey', (s) => createSoftAuthenticator(s.url, { attachment: 'platform' }));
      const { agent, page, form } = await challengePage(made);
      assert.equal(form.mode, 'authenticate');
      const callback = await submit(agent, page, made.authenticator.assert(form.options, { counter: 1 }));
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 800));
    });

    it('refuses a signature counter that goes backwards', async () => {
      const made = await enrolKey('key-counter', 'security-key', (s) => createSoftAuthenticator(s.url));
      const ahead = await challengePage(made);
      const callback = await submit(ahead.agent, ahead.page, made.authenticator.assert(ahead.form.options, { counter: 5 }));
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 800));
      const cloned = await challengePage(made);
      const refused = await submit(cloned.agent, cloned.page, made.authenticator.assert(cloned.form.options, { counter: 3 }));
      assert.equal(refused.status, 401);
      const same = await submit(cloned.agent, refused, made.authenticator.assert(webauthnForm(refused).options, { counter: 5 }));
      assert.equal(same.status, 401, 'an equal non-zero counter is refused too');
    });

    it('types a platform authenticator webauthn-platform, and a synced credential swk', async () => {
      const made = await enrolKey('key-platform', 'security-key', (s) =>
        createSoftAuthenticator(s.url, { attachment: 'platform', synced: true }),
      );
      assert.deepEqual(made.amr, ['pwd', 'swk', 'mfa']);
      const methods = await server.api('GET', `/users/${encodeURIComponent(made.member.user_id)}/authentication-methods`);
      assert.ok(
        (methods.body as { type: string }[]).some((m) => m.type === 'webauthn-platform'),
        JSON.stringify(methods.body),
      );
    });

    it('refuses an enrolment whose credential answers no challenge of this login, and records it', async () => {
      const made = await requiringOrganization(server, 'key-bad-enrol');
      const agent = createAgent();
      const flow = await authorize(made.app.config, agent, { organization: made.org.id });
      const totpPage = await signInWithPassword(agent, flow.page, 'member@key-bad-enrol.example');
      const page = await agent.go(link(totpPage, '/mfa/enrol/security-key'));
      const forged = createSoftAuthenticator(server.url).register({ ...webauthnForm(page).options, challenge: 'AAAA' });
      const refused = await submit(agent, page, forged);
      assert.equal(refused.status, 401);
      assert.match(refused.html, /Set up a security key/);
      const garbage = await submit(agent, refused, 'not a credential');
      assert.equal(garbage.status, 401);
      const types = await logTypes(made.member.user_id);
      assert.equal(types.filter((t) => t === 'gd_webauthn_enrollment_failed').length, 2, JSON.stringify(types));
      const methods = await server.api('GET', `/users/${encodeURIComponent(made.member.user_id)}/authentication-methods`);
      assert.deepEqual(
        (methods.body as { type: string }[]).filter((m) => m.type !== 'totp'),
        [],
        "no key enrolled (the TOTP method is the enrolment page's unconfirmed one)",
      );
    });

    describe('passkeys', () => {
      it('signs in with a passkey and no password, through the organization, with hwk and mfa', async () => {
        const made = await enrolKey('passkey-login', 'passkey', (s) => createSoftAuthenticator(s.url, { attachment: 'platform' }));
        const agent = createAgent();
        const flow = await authorize(made.app.config, agent, { organization: made.org.id });
        const form = await passkeyForm(agent, flow.page);
        assert.equal(form.options.userVerification, 'required');
        assert.equal(form.options.allowCredentials, undefined, 'any discoverable credential');
        assert.match(flow.page.html, /autocomplete="username webauthn"/);
        const callback = await submit(agent, flow.page, made.authenticator.assert(form.options, { counter: 1 }));
        assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 800));
        const claims = (await exchange(made.app.config, callback.url, flow)).claims()!;
        assert.deepEqual(claims.amr, ['hwk', 'mfa']);
        assert.equal(claims.sub, made.member.user_id);
        assert.equal(claims.org_id, made.org.id);
        const types = await logTypes(made.member.user_id);
        assert.ok(types.includes('s'), JSON.stringify(types));
      });

      it('refuses a passkey assertion without user verification, and one replayed', async () => {
        const made = await enrolKey('passkey-uv', 'passkey', (s) => createSoftAuthenticator(s.url));
        const agent = createAgent();
        const flow = await authorize(made.app.config, agent, { organization: made.org.id });
        const unverified = await submit(
          agent,
          flow.page,
          made.authenticator.assert((await passkeyForm(agent, flow.page)).options, { counter: 1, userVerified: false }),
        );
        assert.equal(unverified.status, 401);
        assert.match(unverified.html, /could not sign you in with this passkey/);
        const assertion = made.authenticator.assert((await passkeyForm(agent, unverified)).options, { counter: 2 });
        const accepted = await submit(agent, unverified, assertion, server.url);
        assert.equal(accepted.status, 303);
        const replayed = await submit(agent, unverified, assertion, server.url);
        assert.equal(replayed.status, 401);
        assert.match(replayed.html, /expired or was used already/);
        const types = await logTypes(made.member.user_id);
        assert.ok(types.includes('passkey_challenge_failed'), JSON.stringify(types));
      });

      it("refuses the passkey of a user who is not a member of the login's organization", async () => {
        const made = await enrolKey('passkey-member', 'passkey', (s) => createSoftAuthenticator(s.url));
        const other = await requiringOrganization(server, 'passkey-other');
        // The other organization accepts the member's connection, but they are not its member.
        await server.api('POST', `/organizations/${other.org.id}/enabled_connections`, { connection_id: made.connection.id });
        const agent = createAgent();
        const flow = await authorize(other.app.config, agent, { organization: other.org.id });
        const refused = await submit(
          agent,
          flow.page,
          made.authenticator.assert((await passkeyForm(agent, flow.page)).options, { counter: 1 }),
        );
        assert.equal(refused.status, 403);
        assert.match(refused.html, /not a member/);
      });

      it("refuses a passkey whose user's connection is not enabled for the application", async () => {
        const made = await enrolKey('passkey-conn', 'passkey', (s) => createSoftAuthenticator(s.url));
        const elsewhere = await registerApp(server, { organization_usage: 'deny' });
        // The application's only database connection is another one.
        await server.api('PATCH', `/connections/${made.connection.id}/clients`, [{ client_id: elsewhere.client.client_id, status: false }]);
        const agent = createAgent();
        const flow = await authorize(elsewhere.config, agent);
        const refused = await submit(
          agent,
          flow.page,
          made.authenticator.assert((await passkeyForm(agent, flow.page)).options, { counter: 1 }),
        );
        assert.equal(refused.status, 400, refused.html.slice(0, 800));
        assert.match(refused.html, /cannot sign in here/);
      });
    });

    describe('passkey options', () => {
      /** The WebAuthn challenge rows of an interaction (oidc_payloads). */
      const challengeRows = (uid: string) =>
        server.database.db.kysely
          .selectFrom('oidc_payloads')
          .select('id')
          .where('model', '=', 'WebAuthnChallenge')
          .where('uid', '=', uid)
          .execute();
      const uidOf = (page: Page) => new URL(page.url).pathname.split('/')[2];
      /** The options call as a page's script makes it, every part overridable. */
      const askOptions = (agent: Agent, uid: string, over: { csrf?: string; origin?: string | null; type?: string } = {}) => {
        const url = new URL(`/login/${uid}/passkey/options`, server.url);
        return fetch(url, {
          method: 'POST',
          headers: {
            cookie: cookiesOf(agent, url),
            'content-type': over.type ?? 'application/json',
            ...(over.origin === null ? {} : { origin: over.origin ?? new URL(server.url).origin }),
          },
          body: over.type?.includes('form') ? `_csrf=${encodeURIComponent(over.csrf ?? '')}` : JSON.stringify({ _csrf: over.csrf }),
        });
      };

      it("writes no challenge when the identifier page renders; the page's script call issues one", async () => {
        const made = await requiringOrganization(server, 'options-lazy');
        const agent = createAgent();
        const flow = await authorize(made.app.config, agent, { organization: made.org.id });
        assert.match(flow.page.html, /data-options-url="\/login\/[^"]+\/passkey\/options"/);
        assert.doesNotMatch(flow.page.html, /data-options="/, 'no options (and no challenge) in the page');
        const uid = uidOf(flow.page);
        // A second view of the page: still nothing written.
        const again = await agent.go(flow.page.url);
        assert.equal(again.status, 200);
        assert.deepEqual(await challengeRows(uid), []);
        const form = await passkeyForm(agent, again);
        assert.equal(form.options.userVerification, 'required');
        assert.equal((await challengeRows(uid)).length, 1);
      });

      it('refuses a wrong CSRF token, the token of another interaction, another origin, and a form body', async () => {
        const made = await requiringOrganization(server, 'options-refused');
        const agent = createAgent();
        const flow = await authorize(made.app.config, agent, { organization: made.org.id });
        const uid = uidOf(flow.page);
        const csrf = inputValue(flow.page.html, '_csrf');
        const other = createAgent();
        const otherFlow = await authorize(made.app.config, other, { organization: made.org.id });
        const otherUid = uidOf(otherFlow.page);
        const refusals: [Response, number, string][] = [
          [await askOptions(agent, uid, { csrf: 'x'.repeat(csrf.length) }), 403, 'invalid_csrf'],
          [await askOptions(agent, uid), 403, 'invalid_csrf'],
          [await askOptions(agent, uid, { csrf: inputValue(otherFlow.page.html, '_csrf') }), 403, 'invalid_csrf'],
          // This browser's cookie does not open the other interaction, even with that page's token.
          [await askOptions(agent, otherUid, { csrf: inputValue(otherFlow.page.html, '_csrf') }), 400, 'interaction_expired'],
          [await askOptions(agent, uid, { csrf, origin: 'https://evil.example' }), 403, 'cross_origin'],
          [await askOptions(agent, uid, { csrf, origin: null }), 403, 'cross_origin'],
          [await askOptions(agent, uid, { csrf, type: 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
        ];
        for (const [res, status, error] of refusals) {
          assert.equal(res.status, status, `${error}: ${res.status}`);
          assert.equal(((await res.json()) as { error: string }).error, error);
        }
        assert.deepEqual(await challengeRows(uid), []);
        assert.deepEqual(await challengeRows(otherUid), []);
        assert.equal((await askOptions(agent, uid, { csrf })).status, 200);
        assert.equal((await challengeRows(uid)).length, 1);
      });
    });

    it("serves the pages with script-src 'self' only, and the scripts with a long cache", async () => {
      const made = await requiringOrganization(server, 'key-headers');
      const agent = createAgent();
      const flow = await authorize(made.app.config, agent, { organization: made.org.id });
      const identifier = await fetch(flow.page.url, { headers: { cookie: agent.cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
      const csp = identifier.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /connect-src 'self'(;|$)/, 'the passkey options call, to this origin only');
      assert.doesNotMatch(csp, /unsafe-inline'[^;]*script|script-src[^;]*unsafe/);
      const html = await identifier.text();
      assert.doesNotMatch(html, /<script>/, 'no inline script');
      const scripts = [...html.matchAll(/<script src="([^"]+)" defer><\/script>/g)].map((m) => m[1]);
      assert.equal(scripts.length, 2);
      for (const src of scripts) {
        const res = await fetch(new URL(src, server.url));
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type') ?? '', /javascript/);
        assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      }
      assert.match(await (await fetch(new URL(scripts[0], server.url))).text(), /SimpleWebAuthnBrowser/);
    });
  });
}
