// Refused SAML sign-ins, through the real wire: each gets a page titled for what happened and one warn
// log line naming the connection, the request and the failed check, never the response or the assertion.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import type { Clock } from '../../src/domain/shared/clock.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { CALLBACK, authorize, createAgent, formAction, inputValue, registerApp } from '../login/login.fixtures.js';
import type { Agent, Page } from '../helpers/browser-agent.js';
import { createTestIdp, decode, type ResponseOptions } from './saml-idp.js';

const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

interface LogLine {
  level: number;
  msg: string;
  connection_id?: string;
  request_id?: string;
  code?: string;
  reason?: string;
}

for (const dialect of DIALECTS) {
  describe(`refused SAML sign-ins [${dialect}]`, () => {
    let server: TestServer;
    let shiftMs = 0;
    const clock: Clock = { now: () => new Date(Date.now() + shiftMs) };
    const lines: string[] = [];
    const idp = createTestIdp();
    let counter = 0;

    before(async () => {
      const stream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
      server = await startServer(dialect, { clock, logger: { stream, level: 'warn' } });
    });
    after(async () => {
      await server.close();
    });

    /** A SAML connection enabled in a new organization, and a login started there up to the IdP. */
    async function startLogin(options: { enable?: boolean; connection?: Record<string, unknown> } = {}) {
      counter += 1;
      const conn = (
        await server.api('POST', '/connections', {
          name: `refusal-idp-${counter}`,
          strategy: 'samlp',
          options: options.connection ?? { signInEndpoint: idp.ssoUrl, signingCert: idp.cert, entityId: idp.entityId },
        })
      ).body as { id: string };
      const org = (await server.api('POST', '/organizations', { name: `refusal-org-${counter}` })).body;
      if (options.enable !== false) {
        await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
          connection_id: conn.id,
          assign_membership_on_login: true,
          show_as_button: true,
        });
      }
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const uid = new URL(flow.page.url).pathname.split('/')[2];
      const metadata = await (await fetch(`${server.url}/saml/${conn.id}/metadata`)).text();
      return { conn, agent, uid, metadata };
    }

    async function toIdp(agent: Agent, uid: string, connectionId: string): Promise<string> {
      const hop = await agent.go(`${server.url}/login/${uid}/sso/${connectionId}`, { stopAt: idp.ssoUrl });
      assert.ok(hop.url.startsWith(idp.ssoUrl), `expected a redirect to the IdP, got ${hop.status} ${hop.html.slice(0, 300)}`);
      return hop.url;
    }

    function postToAcs(agent: Agent, connectionId: string, SAMLResponse: string, RelayState?: string) {
      const form: Record<string, string> = { SAMLResponse };
      if (RelayState !== undefined) form.RelayState = RelayState;
      return agent.go(`${server.url}/login/sso/saml/${connectionId}/acs`, { form, stopAt: CALLBACK });
    }

    /** Runs `act`; returns what it returned and the log lines written meanwhile. */
    async function logged<T>(act: () => Promise<T>): Promise<{ result: T; raw: string }> {
      const mark = lines.length;
      const result = await act();
      return { result, raw: lines.slice(mark).join('') };
    }

    /** The page is the refusal's, and the log holds one warn line for it, without the response. */
    function assertRefused(
      page: Page,
      raw: string,
      expected: { connectionId: string; title: string; code: string; reason: string; SAMLResponse: string; nameId?: string },
    ) {
      assert.equal(page.status, 400, page.html.slice(0, 600));
      assert.match(page.html, new RegExp(`<h1>${expected.title}</h1>`));
      assert.doesNotMatch(page.html, /Something went wrong/);
      const reference = /Reference: ([^<\s]+)/.exec(page.html)?.[1];
      assert.ok(reference, 'the page shows a reference');
      const warnings = raw
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as LogLine)
        .filter((l) => l.level === 40 && l.msg === 'SAML sign-in refused');
      assert.equal(warnings.length, 1, raw);
      const [line] = warnings;
      assert.deepEqual(
        { connection_id: line.connection_id, request_id: line.request_id, code: line.code, reason: line.reason },
        { connection_id: expected.connectionId, request_id: reference, code: expected.code, reason: expected.reason },
      );
      assert.equal(raw.includes(expected.SAMLResponse), false, 'the SAMLResponse reached the log');
      const xml = decode(expected.SAMLResponse);
      assert.equal(raw.includes(xml), false, 'the response XML reached the log');
      assert.equal(
        raw.includes(xml.slice(xml.indexOf('<saml:Assertion'), xml.indexOf('<saml:Assertion') + 60)),
        false,
        'the assertion reached the log',
      );
      if (expected.nameId) assert.equal(raw.includes(expected.nameId), false, 'the NameID reached the log');
    }

    /** A response from `from` (the configured IdP by default) to the login's AuthnRequest at `loginUrl`. */
    const respond = (metadata: string, loginUrl: string, options: ResponseOptions, from = idp) => from.respond(metadata, loginUrl, options);

    it('logs reason signature for a response signed by a certificate the connection does not pin', async () => {
      const { conn, agent, uid, metadata } = await startLogin();
      const loginUrl = await toIdp(agent, uid, conn.id);
      const SAMLResponse = await respond(metadata, loginUrl, { nameId: 'mallory@refusals.example' }, createTestIdp({ key: 'other' }));
      const { result: page, raw } = await logged(() => postToAcs(agent, conn.id, SAMLResponse, uid));
      assertRefused(page, raw, {
        connectionId: conn.id,
        title: 'We could not verify your sign-in',
        code: 'saml_invalid_response',
        reason: 'signature',
        SAMLResponse,
        nameId: 'mallory@refusals.example',
      });
    });

    it('logs reason audience for a signed response meant for another service provider', async () => {
      const { conn, agent, uid, metadata } = await startLogin();
      const loginUrl = await toIdp(agent, uid, conn.id);
      const SAMLResponse = await respond(metadata, loginUrl, {
        nameId: 'aud@refusals.example',
        audience: 'https://another-sp.example/saml',
      });
      const { result: page, raw } = await logged(() => postToAcs(agent, conn.id, SAMLResponse, uid));
      assertRefused(page, raw, {
        connectionId: conn.id,
        title: 'We could not verify your sign-in',
        code: 'saml_invalid_response',
        reason: 'audience',
        SAMLResponse,
        nameId: 'aud@refusals.example',
      });
    });

    it('logs reason time_window for a response whose clock is off by more than the skew', async () => {
      const { conn, agent, uid, metadata } = await startLogin();
      const loginUrl = await toIdp(agent, uid, conn.id);
      const SAMLResponse = await respond(metadata, loginUrl, { nameId: 'skew@refusals.example', timeShiftMs: -10 * 60_000 });
      const { result: page, raw } = await logged(() => postToAcs(agent, conn.id, SAMLResponse, uid));
      assertRefused(page, raw, {
        connectionId: conn.id,
        title: 'We could not verify your sign-in',
        code: 'saml_invalid_response',
        reason: 'time_window',
        SAMLResponse,
        nameId: 'skew@refusals.example',
      });
    });

    it('shows "already used" for a response posted again after the sign-in finished (back button)', async () => {
      const { conn, agent, uid, metadata } = await startLogin();
      const loginUrl = await toIdp(agent, uid, conn.id);
      const SAMLResponse = await respond(metadata, loginUrl, { nameId: 'again@refusals.example' });
      const done = await postToAcs(agent, conn.id, SAMLResponse, uid);
      assert.ok(done.url.startsWith(CALLBACK), `${done.status} ${done.html.slice(0, 500)}`);
      const { result: page, raw } = await logged(() => postToAcs(agent, conn.id, SAMLResponse, uid));
      assertRefused(page, raw, {
        connectionId: conn.id,
        title: 'This sign-in response was already used',
        code: 'saml_replayed_response',
        reason: 'replay',
        SAMLResponse,
      });
      assert.match(page.html, /Go back to the application and sign in again\./);
    });

    it('shows "This sign-in has expired" for a response to an AuthnRequest that has expired', async () => {
      const { conn, agent, uid, metadata } = await startLogin();
      const loginUrl = await toIdp(agent, uid, conn.id);
      const SAMLResponse = await respond(metadata, loginUrl, { nameId: 'slow@refusals.example' });
      shiftMs = 11 * 60_000; // AuthnRequests wait 10 minutes
      try {
        const { result: page, raw } = await logged(() => postToAcs(agent, conn.id, SAMLResponse, uid));
        assertRefused(page, raw, {
          connectionId: conn.id,
          title: 'This sign-in has expired',
          code: 'saml_request_expired',
          reason: 'expired_request',
          SAMLResponse,
        });
        assert.match(page.html, /Go back to the application and sign in again\./);
      } finally {
        shiftMs = 0;
      }
    });

    it('shows "This sign-in has expired" for a response to an AuthnRequest a newer one replaced', async () => {
      const { conn, agent, uid, metadata } = await startLogin();
      const firstUrl = await toIdp(agent, uid, conn.id);
      await toIdp(agent, uid, conn.id); // the person clicked the button again
      const SAMLResponse = await respond(metadata, firstUrl, { nameId: 'twice@refusals.example' });
      const { result: page, raw } = await logged(() => postToAcs(agent, conn.id, SAMLResponse, uid));
      assertRefused(page, raw, {
        connectionId: conn.id,
        title: 'This sign-in has expired',
        code: 'saml_request_expired',
        reason: 'in_response_to',
        SAMLResponse,
      });
    });

    it('explains that IdP-initiated sign-in is not supported', async () => {
      const { conn, metadata } = await startLogin();
      const SAMLResponse = await respond(metadata, '', { nameId: 'portal@refusals.example', unsolicited: true });
      const { result: page, raw } = await logged(() => postToAcs(createAgent(), conn.id, SAMLResponse));
      assertRefused(page, raw, {
        connectionId: conn.id,
        title: 'Start signing in from the application',
        code: 'saml_unsolicited_response',
        reason: 'unsolicited',
        SAMLResponse,
        nameId: 'portal@refusals.example',
      });
      assert.match(page.html, /IdP-initiated sign-in\) is not supported/);
    });

    it('titles a connection not enabled for the organization for what it is, and returns access_denied', async () => {
      const { conn, agent, uid } = await startLogin({ enable: false });
      const page = await agent.go(`${server.url}/login/${uid}/sso/${conn.id}`);
      assert.equal(page.status, 400);
      assert.match(page.html, /<h1>This sign-in option is not available here<\/h1>/);
      assert.match(page.html, /This connection is not enabled for the organization\./);
      assert.doesNotMatch(page.html, /Something went wrong/);
      const back = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf') }, stopAt: CALLBACK });
      const params = new URL(back.url).searchParams;
      assert.equal(params.get('error'), 'access_denied');
      assert.equal(params.get('error_code'), 'connection_not_enabled');
    });

    it('says single sign-on is not set up, and logs reason misconfigured, for a connection without a certificate', async () => {
      const { conn, agent, uid } = await startLogin({ connection: { signInEndpoint: idp.ssoUrl } });
      const { result: page, raw } = await logged(() => agent.go(`${server.url}/login/${uid}/sso/${conn.id}`));
      assert.equal(page.status, 400);
      assert.match(page.html, /<h1>Single sign-on is not set up correctly<\/h1>/);
      assert.doesNotMatch(page.html, /Something went wrong/);
      const [line, ...more] = raw
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as LogLine)
        .filter((l) => l.msg === 'SAML sign-in refused');
      assert.equal(more.length, 0);
      assert.deepEqual(
        { connection_id: line?.connection_id, code: line?.code, reason: line?.reason, level: line?.level },
        { connection_id: conn.id, code: 'saml_connection_misconfigured', reason: 'misconfigured', level: 40 },
      );
    });

    it('names one NameID format in the SP metadata, saml-sp and the AuthnRequest', async () => {
      const { conn, agent, uid, metadata } = await startLogin();
      const sp = await server.api('GET', `/connections/${conn.id}/saml-sp`);
      assert.equal(sp.status, 200);
      assert.equal(sp.body.name_id_format, EMAIL_FORMAT);
      assert.deepEqual(
        [...metadata.matchAll(/<NameIDFormat>([^<]+)<\/NameIDFormat>/g)].map((m) => m[1]),
        [EMAIL_FORMAT],
      );
      const loginUrl = await toIdp(agent, uid, conn.id);
      const request = inflateRawSync(Buffer.from(new URL(loginUrl).searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
      assert.equal(/<samlp:NameIDPolicy[^>]*Format="([^"]+)"/.exec(request)?.[1], EMAIL_FORMAT);
    });
  });
}
