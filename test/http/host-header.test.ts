import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { randomString } from '../../src/domain/shared/ids.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { fixture } from '../federation/saml-idp.js';
import {
  CALLBACK,
  PASSWORD,
  authorize,
  createAgent,
  formAction,
  inputValue,
  organizationWithMember,
  registerApp,
} from '../login/login.fixtures.js';

/** Headers a client (or a misconfigured proxy) may send to make Gatehouse publish its URLs. */
const FORGED = {
  host: 'evil.test',
  'x-forwarded-host': 'evil.test',
  'x-forwarded-proto': 'https',
  forwarded: 'host=evil.test;proto=https',
};

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with headers fetch would not send as given (Host) or a request target in absolute form. */
function raw(
  server: TestServer,
  target: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const { port } = server.config;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: init.method ?? 'GET', path: target, headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** An authorization request for the client, as a path (PKCE S256 with a fixed challenge). */
function authorizeUrl(clientId: string, organization?: string): string {
  const params = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: CALLBACK,
    scope: 'openid',
    ...(organization ? { organization } : {}),
    state: 'host-state',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  return `/authorize?${params}`;
}

/** Every URL in a discovery document: each must be the issuer or under it. */
function urlsIn(document: Record<string, unknown>): string[] {
  return Object.values(document).filter((v): v is string => typeof v === 'string' && /^https?:\/\//.test(v));
}

for (const dialect of DIALECTS) {
  describe(`public URLs come from the issuer, never from request headers [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it("publishes only the issuer's origin in discovery when Host and X-Forwarded-Host/-Proto are forged", async () => {
      const res = await raw(server, '/.well-known/openid-configuration', { headers: FORGED });
      assert.equal(res.status, 200);
      assert.ok(!res.body.includes('evil.test'), res.body);
      const document = JSON.parse(res.body) as Record<string, unknown>;
      assert.equal(document.issuer, `${server.url}/`);
      for (const key of [
        'authorization_endpoint',
        'token_endpoint',
        'jwks_uri',
        'userinfo_endpoint',
        'end_session_endpoint',
        'pushed_authorization_request_endpoint',
      ]) {
        assert.ok(String(document[key]).startsWith(`${server.url}/`), `${key}: ${String(document[key])}`);
      }
      for (const url of urlsIn(document)) assert.ok(url === server.url || url.startsWith(`${server.url}/`), url);
    });

    it("publishes only the issuer's origin for an absolute-form request target", async () => {
      const res = await raw(server, 'http://evil.test/.well-known/openid-configuration', { headers: { host: 'evil.test' } });
      // Fastify's own 404 may echo the target; what matters is that no endpoint is published there.
      assert.doesNotMatch(res.body, /"[a-z_]+":"https?:\/\/evil\.test/, `${res.status} ${res.body}`);
    });

    it('resumes a login started with a forged Host at the issuer, not at that host', async () => {
      const { org } = await organizationWithMember(server, 'host-resume');
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const first = await raw(server, authorizeUrl(config.clientMetadata().client_id, org.id), { headers: FORGED });
      assert.equal(first.status, 303, first.body);
      assert.ok(!String(first.headers.location).includes('evil.test'), String(first.headers.location));
      const agent = createAgent();
      const host = new URL(server.url).host;
      for (const line of first.headers['set-cookie'] ?? []) {
        const [pair, ...attrs] = line.split(';');
        const eq = pair.indexOf('=');
        const cookiePath =
          attrs
            .map((a) => a.trim())
            .find((a) => a.toLowerCase().startsWith('path='))
            ?.slice(5) ?? '/';
        agent.cookies.push({ name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), path: cookiePath, host });
      }
      const login = await agent.go(new URL(String(first.headers.location), server.url).toString());
      assert.equal(login.status, 200, login.html);
      const passwordPage = await agent.go(formAction(login), {
        form: { _csrf: inputValue(login.html, '_csrf'), email: 'member@host-resume.example' },
      });
      const resume = await fetch(formAction(passwordPage), {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: agent.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
        },
        body: new URLSearchParams({ _csrf: inputValue(passwordPage.html, '_csrf'), password: PASSWORD }),
      });
      assert.equal(resume.status, 303);
      assert.ok(resume.headers.get('location')!.startsWith(`${server.url}/authorize/`), resume.headers.get('location')!);
    });

    it('writes invitation links from the issuer when the Management API request forges Host', async () => {
      const { org } = await organizationWithMember(server, 'host-invite');
      const { client } = await registerApp(server, { organization_usage: 'allow', initiate_login_uri: undefined });
      const res = await raw(server, `/api/v2/organizations/${org.id}/invitations`, {
        method: 'POST',
        headers: { ...FORGED, authorization: `Bearer ${await server.token()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ inviter: { name: 'Alice' }, invitee: { email: 'guest@host-invite.example' }, client_id: client.client_id }),
      });
      assert.equal(res.status, 201, res.body);
      assert.ok(!res.body.includes('evil.test'), res.body);
      await server.app.services.email.idle();
      const outbox = server.app.services.email.outboxDir;
      const mails = fs
        .readdirSync(outbox)
        .map((f) => fs.readFileSync(path.join(outbox, f), 'utf8'))
        .filter((m) => m.includes('guest@host-invite.example'));
      assert.equal(mails.length, 1);
      assert.ok(!mails[0].includes('evil.test'));
    });

    it('describes the SAML service provider from the issuer when Host is forged', async () => {
      const created = await server.api('POST', '/connections', {
        name: 'host-saml',
        strategy: 'samlp',
        options: { signInEndpoint: 'https://idp.example/sso', signingCert: fixture('idp-cert'), entityId: 'https://idp.example' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const metadata = await raw(server, `/saml/${created.body.id}/metadata`, { headers: FORGED });
      assert.equal(metadata.status, 200);
      assert.ok(!metadata.body.includes('evil.test'));
      assert.ok(metadata.body.includes(`${server.url}/login/sso/saml/${created.body.id}/acs`));
      const values = await raw(server, `/api/v2/connections/${created.body.id}/saml-sp`, {
        headers: { ...FORGED, authorization: `Bearer ${await server.token()}` },
      });
      assert.equal(values.status, 200);
      assert.ok(!values.body.includes('evil.test'), values.body);
    });
  });

  describe(`an https issuer served over plain HTTP behind a TLS-terminating proxy [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_ISSUER: 'https://id.example.test' } });
    });
    after(async () => {
      await server.close();
    });

    it('publishes https endpoints at the issuer whatever the Host and X-Forwarded-Proto say', async () => {
      const res = await raw(server, '/.well-known/openid-configuration', { headers: { ...FORGED, 'x-forwarded-proto': 'http' } });
      assert.equal(res.status, 200);
      const document = JSON.parse(res.body) as Record<string, unknown>;
      assert.equal(document.issuer, 'https://id.example.test/');
      assert.equal(document.authorization_endpoint, 'https://id.example.test/authorize');
      assert.equal(document.token_endpoint, 'https://id.example.test/oauth/token');
      for (const url of urlsIn(document)) assert.ok(url === 'https://id.example.test' || url.startsWith('https://id.example.test/'), url);
    });

    it('starts a login, setting Secure cookies', async () => {
      const clientId = randomString(32);
      const now = new Date().toISOString();
      await server.database.db.kysely
        .insertInto('clients')
        .values({
          client_id: clientId,
          client_secret: randomString(64),
          name: 'behind a proxy',
          description: null,
          app_type: 'regular_web',
          is_first_party: 1,
          callbacks: JSON.stringify([CALLBACK]),
          allowed_logout_urls: '[]',
          web_origins: '[]',
          grant_types: '["authorization_code"]',
          token_endpoint_auth_method: 'client_secret_post',
          initiate_login_uri: null,
          organization_usage: 'deny',
          organization_require_behavior: 'no_prompt',
          client_metadata: '{}',
          created_at: now,
          updated_at: now,
        })
        .execute();
      const res = await raw(server, authorizeUrl(clientId), { headers: FORGED });
      assert.equal(res.status, 303, res.body);
      const cookies = res.headers['set-cookie'] ?? [];
      assert.ok(cookies.length > 0);
      for (const cookie of cookies) assert.match(cookie, /; secure/i, cookie);
    });
  });

  /** Fails `attempts` password sign-ins, each claiming to come from the X-Forwarded-For given; returns their statuses. */
  async function failedSignIns(server: TestServer, orgName: string, forwardedFor: string[]): Promise<number[]> {
    const { org } = await organizationWithMember(server, orgName);
    const { config } = await registerApp(server, { organization_usage: 'allow' });
    const statuses: number[] = [];
    for (const [i, xff] of forwardedFor.entries()) {
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const passwordPage = await agent.go(formAction(flow.page), {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), email: `member@${orgName}.example` },
      });
      const res = await fetch(formAction(passwordPage), {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': xff,
          cookie: agent.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
        },
        body: new URLSearchParams({ _csrf: inputValue(passwordPage.html, '_csrf'), password: `wrong-${i}` }),
      });
      statuses.push(res.status);
    }
    return statuses;
  }

  describe(`X-Forwarded-For without GATEHOUSE_TRUST_PROXY [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_SIGNIN_MAX_FAILURES_PER_IP: '2' } });
    });
    after(async () => {
      await server.close();
    });

    it('is ignored: failures with rotating forged addresses are counted against the real peer', async () => {
      assert.deepEqual(await failedSignIns(server, 'xff-ignored', ['198.51.100.1', '198.51.100.2', '198.51.100.3']), [401, 401, 429]);
    });
  });

  describe(`X-Forwarded-For with GATEHOUSE_TRUST_PROXY=loopback [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_SIGNIN_MAX_FAILURES_PER_IP: '2', GATEHOUSE_TRUST_PROXY: 'loopback' } });
    });
    after(async () => {
      await server.close();
    });

    it('is believed from a trusted proxy: the throttle counts the forwarded client address', async () => {
      assert.deepEqual(
        await failedSignIns(server, 'xff-trusted', ['198.51.100.1', '198.51.100.1', '198.51.100.2', '198.51.100.1']),
        [401, 401, 401, 429],
      );
    });

    it('still publishes only the issuer in discovery', async () => {
      const res = await raw(server, '/.well-known/openid-configuration', { headers: FORGED });
      assert.equal(res.status, 200);
      assert.ok(!res.body.includes('evil.test'), res.body);
    });
  });
}

describe('GATEHOUSE_TRUST_PROXY', () => {
  it('defaults to off and accepts true, false, addresses, CIDRs and proxy-addr names', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ GATEHOUSE_TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(loadConfig({ GATEHOUSE_TRUST_PROXY: 'true' }).trustProxy, true);
    assert.deepEqual(loadConfig({ GATEHOUSE_TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,fd00::/8,loopback' }).trustProxy, [
      '10.0.0.1',
      '10.1.0.0/16',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses a value that is not an address, CIDR or name, naming the variable', () => {
    for (const value of ['yes', '2', '10.0.0.1/33', 'proxy.example']) {
      assert.throws(
        () => loadConfig({ GATEHOUSE_TRUST_PROXY: value }),
        /^Error: GATEHOUSE_TRUST_PROXY must be true, false or comma-separated addresses\/CIDRs/,
      );
    }
  });
});
