import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { CALLBACK, createAgent, exchange, organizationWithMember, registerApp, signInWithPassword } from '../login/login.fixtures.js';

// RFC 9126 pushed authorization requests, at Auth0's path: discovery advertised an endpoint that
// answered 404.
for (const dialect of DIALECTS) {
  describe(`pushed authorization requests [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it('advertises <issuer>/oauth/par in discovery', async () => {
      const discovery = await (await fetch(`${server.url}/.well-known/openid-configuration`)).json();
      assert.equal(discovery.pushed_authorization_request_endpoint, `${server.url}/oauth/par`);
    });

    it('answers at /oauth/par: 401 invalid_client without client authentication, not 404', async () => {
      const res = await fetch(`${server.url}/oauth/par`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: 'nobody', response_type: 'code', redirect_uri: CALLBACK, scope: 'openid' }),
      });
      assert.equal(res.status, 401);
      assert.equal((await res.json()).error, 'invalid_client');
    });

    it('takes a JSON body as /oauth/token does', async () => {
      const { client } = await registerApp(server);
      const res = await fetch(`${server.url}/oauth/par`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_id: client.client_id,
          client_secret: client.client_secret,
          response_type: 'code',
          redirect_uri: CALLBACK,
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        }),
      });
      assert.equal(res.status, 201);
      const body = await res.json();
      assert.match(body.request_uri, /^urn:ietf:params:oauth:request_uri:/);
      assert.equal(typeof body.expires_in, 'number');
    });

    it('lets a confidential client push a request and complete an organization login through the hosted login', async () => {
      const { org } = await organizationWithMember(server, 'par-login');
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = await oidc.buildAuthorizationUrlWithPAR(config, {
        redirect_uri: CALLBACK,
        scope: 'openid email',
        state,
        nonce,
        organization: org.id,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      assert.equal(url.origin + url.pathname, `${server.url}/authorize`);
      assert.match(url.searchParams.get('request_uri') ?? '', /^urn:ietf:params:oauth:request_uri:/);
      assert.equal(url.searchParams.get('scope'), null, 'the parameters travel in the pushed request, not the URL');
      const agent = createAgent();
      const page = await agent.go(url.toString(), { stopAt: CALLBACK });
      const callback = await signInWithPassword(agent, page, 'member@par-login.example');
      const tokens = await exchange(config, callback.url, { verifier, state, nonce });
      const claims = tokens.claims()!;
      assert.equal(claims.email, 'member@par-login.example');
      assert.equal(claims.org_id, org.id);
    });

    for (const encoding of ['form', 'json'] as const) {
      it(`issues a refresh token for offline_access asked in a pushed request (${encoding} body), as Auth0 does`, async () => {
        const { org } = await organizationWithMember(server, `par-offline-${encoding}`);
        const { config, client } = await registerApp(server, { organization_usage: 'allow' });
        const verifier = oidc.randomPKCECodeVerifier();
        const params = {
          client_id: client.client_id,
          client_secret: client.client_secret,
          response_type: 'code',
          redirect_uri: CALLBACK,
          scope: 'openid offline_access',
          state: 'par-state',
          organization: org.id,
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        };
        const pushed = await fetch(
          `${server.url}/oauth/par`,
          encoding === 'form'
            ? { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) }
            : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) },
        );
        assert.equal(pushed.status, 201);
        const { request_uri } = (await pushed.json()) as { request_uri: string };
        const agent = createAgent();
        const page = await agent.go(`${server.url}/authorize?${new URLSearchParams({ client_id: client.client_id, request_uri })}`, {
          stopAt: CALLBACK,
        });
        const callback = await signInWithPassword(agent, page, `member@par-offline-${encoding}.example`);
        const tokens = await oidc.authorizationCodeGrant(config, new URL(callback.url), {
          pkceCodeVerifier: verifier,
          expectedState: 'par-state',
        });
        assert.ok(tokens.refresh_token, 'a refresh token');
      });
    }
  });
}
