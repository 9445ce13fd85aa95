import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { authorize, createAgent, exchange, organizationWithMember, registerApp, signInWithPassword } from '../login/login.fixtures.js';

const API = 'https://userinfo-test.example/api';

async function userinfo(server: TestServer, token: string, method = 'GET') {
  const res = await fetch(`${server.url}/userinfo`, { method, headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, wwwAuthenticate: res.headers.get('www-authenticate') };
}

for (const dialect of DIALECTS) {
  describe(`/userinfo accepts an API access token requested with openid, as Auth0's does [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
      assert.equal(
        (
          await server.api('POST', '/resource-servers', {
            name: 'Userinfo test',
            identifier: API,
            scopes: [{ value: 'read:x' }, { value: 'write:x' }],
          })
        ).status,
        201,
      );
    });
    after(async () => {
      await server.close();
    });

    /** A member of a new organization whose organization role permits read:x, signed in to a new application. */
    async function signIn(name: string, params: Record<string, string>) {
      const { org, member } = await organizationWithMember(server, name);
      const role = (await server.api('POST', '/roles', { name: `${name}-reader` })).body;
      await server.api('POST', `/roles/${role.id}/permissions`, {
        permissions: [{ permission_name: 'read:x', resource_server_identifier: API }],
      });
      await server.api('POST', `/organizations/${org.id}/members/${encodeURIComponent(member.user_id)}/roles`, { roles: [role.id] });
      const { client, config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id, audience: API, ...params });
      const tokens = await exchange(config, (await signInWithPassword(agent, flow.page, `member@${name}.example`)).url, flow);
      return { org, member, client, config, tokens };
    }

    it('puts <issuer>/userinfo beside the API in aud, the client in azp, and every granted scope in scope', async () => {
      const { client, tokens } = await signIn('ui-shape', { scope: 'openid profile email read:x write:x' });
      const payload = decodeJwt(tokens.access_token);
      assert.deepEqual(payload.aud, [API, `${server.url}/userinfo`]);
      assert.equal(payload.azp, client.client_id);
      assert.equal(payload.scope, 'openid profile email read:x', 'write:x was asked for but no role permits it');
    });

    it('answers /userinfo (GET and POST) for that token with the profile, email and organization claims', async () => {
      const { org, member, config, tokens } = await signIn('ui-claims', { scope: 'openid profile email read:x' });
      for (const method of ['GET', 'POST']) {
        const res = await userinfo(server, tokens.access_token, method);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.sub, member.user_id);
        assert.equal(res.body.email, 'member@ui-claims.example');
        assert.equal(res.body.email_verified, true);
        assert.equal(res.body.org_id, org.id);
        assert.equal(res.body.org_name, 'ui-claims');
      }
      // A certified RP library agrees.
      assert.equal((await oidc.fetchUserInfo(config, tokens.access_token, member.user_id)).org_id, org.id);
    });

    it('answers only the claims of the scopes the token was granted', async () => {
      const { member, tokens } = await signIn('ui-narrow', { scope: 'openid read:x' });
      const res = await userinfo(server, tokens.access_token);
      assert.equal(res.status, 200);
      assert.equal(res.body.sub, member.user_id);
      assert.equal(res.body.email, undefined);
      assert.equal(res.body.name, undefined);
    });

    it('gives a refreshed API access token the same audience and /userinfo access', async () => {
      const { member, config, tokens } = await signIn('ui-refresh', { scope: 'openid email offline_access read:x' });
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      assert.deepEqual(decodeJwt(refreshed.access_token).aud, [API, `${server.url}/userinfo`]);
      const res = await userinfo(server, refreshed.access_token);
      assert.equal(res.status, 200);
      assert.equal(res.body.sub, member.user_id);
      assert.equal(res.body.email, 'member@ui-refresh.example');
    });

    it('answers 401 invalid_token for an API access token that does not name /userinfo', async () => {
      const machine = (await server.api('POST', '/clients', { name: 'ui-machine', app_type: 'non_interactive' })).body;
      assert.equal(
        (await server.api('POST', '/client-grants', { client_id: machine.client_id, audience: API, scope: ['read:x'] })).status,
        201,
      );
      const minted = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: machine.client_id,
          client_secret: machine.client_secret,
          audience: API,
        }),
      });
      const { access_token: token } = (await minted.json()) as { access_token: string };
      assert.equal(decodeJwt(token).aud, API);
      const res = await userinfo(server, token);
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'invalid_token');
      assert.match(res.wwwAuthenticate ?? '', /error="invalid_token"/);
    });

    it('answers 401 invalid_token for a token naming /userinfo that another key signed, even with a real jti', async () => {
      const { tokens } = await signIn('ui-forged', { scope: 'openid read:x' });
      const real = decodeJwt(tokens.access_token);
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT({ ...real }).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' }).sign(privateKey);
      const res = await userinfo(server, forged);
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'invalid_token');
    });

    it('answers 401 invalid_token once the user is blocked', async () => {
      const { member, tokens } = await signIn('ui-blocked', { scope: 'openid read:x' });
      assert.equal((await userinfo(server, tokens.access_token)).status, 200);
      assert.equal((await server.api('PATCH', `/users/${encodeURIComponent(member.user_id)}`, { blocked: true })).status, 200);
      const res = await userinfo(server, tokens.access_token);
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'invalid_token');
    });

    it('puts org_name in the ID token of an organization login, while access tokens follow GATEHOUSE_ORG_NAME_CLAIM (off)', async () => {
      const { org, tokens } = await signIn('ui-org-name', { scope: 'openid read:x' });
      assert.equal(tokens.claims()!.org_id, org.id);
      assert.equal(tokens.claims()!.org_name, 'ui-org-name');
      const access = decodeJwt(tokens.access_token);
      assert.equal(access.org_id, org.id);
      assert.equal(access.org_name, undefined);
    });
  });
}
