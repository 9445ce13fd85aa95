import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationClient, UserInfoClient } from 'auth0/legacy';
import { decodeJwt } from 'jose';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { CALLBACK, createAgent, organizationWithMember, signInWithPassword } from '../login/login.fixtures.js';
import { TLS, domainOf, grantApiRole } from './sdk.fixtures.js';

// The `auth0` package's AuthenticationClient (its v4 API, `auth0/legacy`), unchanged, against
// Gatehouse on HTTPS. It validates every ID token it receives: iss must be exactly https://<domain>/.
const API = 'https://sdk-auth-client.example/api';

for (const dialect of DIALECTS) {
  describe(`auth0 AuthenticationClient against Gatehouse [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { tls: TLS });
      const api = await server.api('POST', '/resource-servers', { name: 'SDK API', identifier: API, scopes: [{ value: 'read:data' }] });
      assert.equal(api.status, 201, JSON.stringify(api.body));
    });
    after(async () => {
      await server.close();
    });

    /** A member of a new organization, signed in through the hosted login; the code at the callback. */
    async function codeFromHostedLogin(name: string, extra: Record<string, string> = {}) {
      const { org, member } = await organizationWithMember(server, name);
      await grantApiRole(server, API, org.id, member.user_id, name);
      const app = await server.api('POST', '/clients', {
        name: `${name} web`,
        app_type: 'regular_web',
        callbacks: [CALLBACK],
        organization_usage: 'allow',
      });
      assert.equal(app.status, 201, JSON.stringify(app.body));
      const authorize = new URL(`${server.url}/authorize`);
      authorize.search = new URLSearchParams({
        client_id: app.body.client_id,
        response_type: 'code',
        redirect_uri: CALLBACK,
        state: 'sdk-state',
        scope: 'openid profile email offline_access',
        audience: API,
        organization: org.name,
        ...extra,
      }).toString();
      const agent = createAgent();
      const page = await agent.go(authorize.toString(), { stopAt: CALLBACK });
      const callback = await signInWithPassword(agent, page, `member@${name}.example`);
      const code = new URL(callback.url).searchParams.get('code');
      assert.ok(code, callback.url);
      const auth = new AuthenticationClient({
        domain: domainOf(server),
        clientId: app.body.client_id,
        clientSecret: app.body.client_secret,
      });
      return { org, member, code, auth };
    }

    it('gets a machine token with oauth.clientCredentialsGrant', async () => {
      const machine = (await server.api('POST', '/clients', { name: 'SDK machine', app_type: 'non_interactive' })).body;
      assert.equal(
        (await server.api('POST', '/client-grants', { client_id: machine.client_id, audience: API, scope: ['read:data'] })).status,
        201,
      );
      const auth = new AuthenticationClient({ domain: domainOf(server), clientId: machine.client_id, clientSecret: machine.client_secret });
      const { data } = await auth.oauth.clientCredentialsGrant({ audience: API });
      assert.equal(data.token_type, 'Bearer');
      const payload = decodeJwt(data.access_token);
      assert.equal(payload.iss, `https://${domainOf(server)}/`);
      assert.equal(payload.aud, API);
      assert.equal(payload.scope, 'read:data');
      assert.equal(payload.gty, 'client-credentials');
    });

    it('exchanges a code and refreshes with ID-token validation, organization chosen by name', async () => {
      const { org, member, code, auth } = await codeFromHostedLogin('sdk-refresh');
      const validate = { idTokenValidateOptions: { organization: org.name } };
      const exchanged = await auth.oauth.authorizationCodeGrant({ code, redirect_uri: CALLBACK }, validate);
      assert.ok(exchanged.data.refresh_token);
      const idToken = decodeJwt(exchanged.data.id_token!);
      assert.equal(idToken.iss, `https://${domainOf(server)}/`);
      assert.equal(idToken.org_name, org.name);

      const refreshed = await auth.oauth.refreshTokenGrant({ refresh_token: exchanged.data.refresh_token! }, validate);
      assert.ok(refreshed.data.id_token, 'the SDK validated a refreshed ID token');
      assert.equal(decodeJwt(refreshed.data.id_token).sub, member.user_id);
      assert.equal(decodeJwt(refreshed.data.id_token).org_id, org.id);
      assert.notEqual(refreshed.data.refresh_token, exchanged.data.refresh_token, 'rotated');
    });

    it('refreshes without being told the nonce of the original login, which refreshed ID tokens omit', async () => {
      const { code, auth } = await codeFromHostedLogin('sdk-nonce', { nonce: 'login-nonce' });
      const exchanged = await auth.oauth.authorizationCodeGrant(
        { code, redirect_uri: CALLBACK },
        { idTokenValidateOptions: { nonce: 'login-nonce' } },
      );
      assert.equal(decodeJwt(exchanged.data.id_token!).nonce, 'login-nonce');
      const refreshed = await auth.oauth.refreshTokenGrant({ refresh_token: exchanged.data.refresh_token! });
      assert.equal(decodeJwt(refreshed.data.id_token!).nonce, undefined, 'OIDC Core 12.2: SHOULD NOT have a nonce');
      const again = await auth.oauth.refreshTokenGrant({ refresh_token: refreshed.data.refresh_token! });
      assert.ok(again.data.id_token);
    });

    it('reads userInfo.getUserInfo with the API access token of that login', async () => {
      const { org, member, code, auth } = await codeFromHostedLogin('sdk-userinfo');
      const { data } = await auth.oauth.authorizationCodeGrant({ code, redirect_uri: CALLBACK });
      assert.deepEqual(decodeJwt(data.access_token).aud, [API, `https://${domainOf(server)}/userinfo`]);
      const userInfo = new UserInfoClient({ domain: domainOf(server) });
      const { data: profile } = await userInfo.getUserInfo(data.access_token);
      assert.equal(profile.sub, member.user_id);
      assert.equal(profile.email, 'member@sdk-userinfo.example');
      assert.equal((profile as Record<string, unknown>).org_id, org.id);
    });
  });
}
