import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { managementAudience } from '../../src/config/config.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { serverSigningKey } from '../helpers/server-key.js';
import { fixture } from '../federation/saml-idp.js';
import { authorize, createAgent, exchange, organizationWithMember, registerApp, signInWithPassword } from '../login/login.fixtures.js';

const API = 'https://issuer-test.example/api';

/** Whether a URL has an empty path segment (`https://host//authorize`, `https://host/a//b`). */
function hasDoubleSlash(url: string): boolean {
  return url.replace(/^https?:\/\//, '').includes('//');
}

for (const dialect of DIALECTS) {
  describe(`the issuer identifier is Auth0's https://<domain>/ [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
      assert.equal(
        (await server.api('POST', '/resource-servers', { name: 'Issuer test', identifier: API, scopes: [{ value: 'read:x' }] })).status,
        201,
      );
    });
    after(async () => {
      await server.close();
    });

    async function signWithServerKey(issuer: string): Promise<string> {
      const { kid, key: serverKey } = await serverSigningKey(server);
      return new SignJWT({ scope: 'read:organizations', client_id: 'x' })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(issuer)
        .setAudience(managementAudience(server.config))
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(serverKey);
    }

    it('publishes issuer with the trailing slash and every discovery URL without an empty path segment', async () => {
      const discovery = (await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      assert.equal(discovery.issuer, `${server.url}/`);
      assert.equal(discovery.authorization_endpoint, `${server.url}/authorize`);
      assert.equal(discovery.userinfo_endpoint, `${server.url}/userinfo`);
      const urls = Object.values(discovery).filter((v): v is string => typeof v === 'string' && /^https?:/.test(v));
      assert.ok(urls.length >= 6);
      for (const url of urls) assert.ok(!hasDoubleSlash(url), url);
    });

    it('signs ID tokens and access tokens with iss = <base URL>/', async () => {
      const { org } = await organizationWithMember(server, 'iss-login');
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id, audience: API, scope: 'openid read:x' });
      const tokens = await exchange(config, (await signInWithPassword(agent, flow.page, 'member@iss-login.example')).url, flow);
      assert.equal(tokens.claims()!.iss, `${server.url}/`);
      assert.equal(decodeJwt(tokens.access_token).iss, `${server.url}/`);
    });

    it('signs client-credentials tokens with iss = <base URL>/, which the Management API accepts', async () => {
      const token = await server.token(['read:organizations']);
      assert.equal(decodeJwt(token).iss, `${server.url}/`);
      assert.equal((await server.api('GET', '/organizations', undefined, token)).status, 200);
    });

    it('still accepts a Management API token minted before the upgrade, whose iss has no trailing slash', async () => {
      assert.equal((await server.api('GET', '/organizations', undefined, await signWithServerKey(server.url))).status, 200);
    });

    it('refuses a Management API token whose iss only resembles ours', async () => {
      for (const issuer of [`${server.url}//`, `${server.url}/x`, server.url.replace('localhost', '127.0.0.1')]) {
        const res = await server.api('GET', '/organizations', undefined, await signWithServerKey(issuer));
        assert.equal(res.status, 401, issuer);
        assert.equal(res.body.errorCode, 'invalid_token');
      }
    });

    /** An ID token for the application as the server issued them before the upgrade: iss without the slash. */
    async function legacyIdToken(clientId: string, key?: CryptoKey): Promise<string> {
      const { kid, key: serverKey } = await serverSigningKey(server);
      return new SignJWT({ sid: 'old-session' })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(server.url)
        .setAudience(clientId)
        .setSubject('auth0|old')
        .setIssuedAt()
        .setExpirationTime('10h')
        .sign(key ?? serverKey);
    }

    function logout(params: Record<string, string>) {
      return fetch(`${server.url}/oidc/logout?${new URLSearchParams(params)}`, { redirect: 'manual' });
    }

    it('still takes an ID token minted before the upgrade as id_token_hint at logout', async () => {
      const { client } = await registerApp(server);
      const res = await logout({
        id_token_hint: await legacyIdToken(client.client_id),
        post_logout_redirect_uri: 'http://127.0.0.1:9/after-logout',
      });
      assert.equal(res.status, 200, 'not 400 could not validate id_token_hint');
      // No session here: oidc-provider goes straight on to end it (a session would be asked first).
      assert.match(await res.text(), /action="[^"]*\/oidc\/logout\/confirm"/);
    });

    it('refuses a bare-issuer id_token_hint that another key signed, or that names another client_id', async () => {
      const { client } = await registerApp(server);
      const { client: other } = await registerApp(server);
      const { privateKey } = await generateKeyPair('RS256');
      for (const params of <Record<string, string>[]>[
        { id_token_hint: await legacyIdToken(client.client_id, privateKey) },
        { id_token_hint: await legacyIdToken(client.client_id), client_id: other.client_id },
      ]) {
        const res = await logout({ ...params, post_logout_redirect_uri: 'http://127.0.0.1:9/after-logout' });
        assert.equal(res.status, 400);
        assert.equal((await res.json()).error, 'invalid_request');
      }
    });

    it('keeps the URLs published elsewhere (OpenAPI, console, SAML, invitations) well formed', async () => {
      const openapi = (await (await fetch(`${server.url}/api/v2/openapi.json`)).json()) as { servers: { url: string }[] };
      assert.deepEqual(
        openapi.servers.map((s) => s.url),
        [`${server.url}/api/v2`],
      );
      const console = (await (await fetch(`${server.url}/console/config.json`)).json()) as Record<string, unknown>;
      assert.equal(console.redirect_uri, `${server.url}/console/callback`);
      assert.equal(console.audience, `${server.url}/api/v2/`);
      for (const value of Object.values(console))
        if (typeof value === 'string' && /^https?:/.test(value)) assert.ok(!hasDoubleSlash(value), value);

      const saml = await server.api('POST', '/connections', {
        name: 'iss-saml',
        strategy: 'samlp',
        options: { signInEndpoint: 'https://idp.example/sso', signingCert: fixture('idp-cert'), entityId: 'https://idp.example' },
      });
      assert.equal(saml.status, 201, JSON.stringify(saml.body));
      const metadata = await (await fetch(`${server.url}/saml/${saml.body.id}/metadata`)).text();
      assert.ok(metadata.includes(`entityID="${server.url}/saml/${saml.body.id}"`), metadata);
      assert.ok(metadata.includes(`${server.url}/login/sso/saml/${saml.body.id}/acs`), metadata);
      for (const url of metadata.match(/https?:\/\/[^"<\s]+/g) ?? []) assert.ok(!hasDoubleSlash(url), url);

      const { org } = await organizationWithMember(server, 'iss-invite');
      const { client } = await registerApp(server, { organization_usage: 'allow' });
      const invitation = await server.api('POST', `/organizations/${org.id}/invitations`, {
        inviter: { name: 'Alice' },
        invitee: { email: 'guest@iss-invite.example' },
        client_id: client.client_id,
      });
      assert.equal(invitation.status, 201, JSON.stringify(invitation.body));
      assert.ok(String(invitation.body.invitation_url).startsWith(`${server.url}/login?`), invitation.body.invitation_url);
    });
  });
}
