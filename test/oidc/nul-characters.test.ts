import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { CALLBACK, createAgent, organizationWithMember, registerApp } from '../login/login.fixtures.js';

// A NUL character in a protocol parameter reached PostgreSQL through oidc-provider's lookups (a
// 500 server_error there); it is now the OAuth error the same unknown value gets, on both dialects.
for (const dialect of DIALECTS) {
  describe(`protocol endpoints refuse NUL characters [${dialect}]`, () => {
    let server: TestServer;
    let client: { client_id: string; client_secret: string };
    let orgId: string;
    before(async () => {
      server = await startServer(dialect);
      orgId = (await organizationWithMember(server, 'nul-oidc')).org.id;
      client = (await registerApp(server, { organization_usage: 'allow' })).client;
    });
    after(async () => {
      await server.close();
    });

    const post = async (path: string, body: Record<string, string>) => {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    const authorizeParams = (extra: Record<string, string>) => ({
      client_id: client.client_id,
      response_type: 'code',
      redirect_uri: CALLBACK,
      scope: 'openid',
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      ...extra,
    });

    it('answers 400 invalid_request for a JSON token request that is not valid UTF-8', async () => {
      const body = Buffer.concat([
        Buffer.from(`{"grant_type":"client_credentials","client_id":"${client.client_id}","client_secret":"`),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}'),
      ]);
      const res = await fetch(`${server.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(res.status, 400);
      assert.equal((await res.json()).error, 'invalid_request');
    });

    it('answers 401 invalid_client for a client_id with a NUL', async () => {
      const res = await post('/oauth/token', { grant_type: 'client_credentials', client_id: 'app\u0000', client_secret: 'x' });
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'invalid_client');
    });

    it('answers 400 invalid_grant for an authorization code or refresh token with a NUL', async () => {
      const code = await post('/oauth/token', {
        ...client,
        grant_type: 'authorization_code',
        code: 'c\u0000',
        redirect_uri: CALLBACK,
        code_verifier: 'v'.repeat(43),
      });
      assert.equal(code.status, 400);
      assert.equal(code.body.error, 'invalid_grant');
      const refresh = await post('/oauth/token', { ...client, grant_type: 'refresh_token', refresh_token: 'r\u0000' });
      assert.equal(refresh.status, 400);
      assert.equal(refresh.body.error, 'invalid_grant');
    });

    it('answers 200 at /oauth/revoke for a token with a NUL, as for any unknown token (RFC 7009)', async () => {
      assert.equal((await post('/oauth/revoke', { ...client, token: 't\u0000' })).status, 200);
    });

    it('redirects with invalid_request for an organization parameter with a NUL on /authorize', async () => {
      for (const name of ['organization', 'org_code', 'invitation']) {
        const page = await createAgent().go(`${server.url}/authorize?${new URLSearchParams(authorizeParams({ [name]: 'x\u0000' }))}`, {
          stopAt: CALLBACK,
        });
        assert.ok(page.url.startsWith(CALLBACK), `${name}: ${page.status} ${page.html.slice(0, 200)}`);
        const url = new URL(page.url);
        assert.equal(url.searchParams.get('error'), 'invalid_request', name);
        assert.equal(url.searchParams.get('error_description'), `${name} must not contain NUL characters`);
      }
    });

    it('answers 400 invalid_request for a pushed request with a NUL in organization', async () => {
      const res = await post('/oauth/par', { ...client, ...authorizeParams({ organization: `${orgId}\u0000` }) });
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'invalid_request');
    });

    it('stays healthy', async () => {
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
    });
  });
}
