import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { PASSWORD, organizationWithMember } from '../login/login.fixtures.js';

const REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';

for (const dialect of DIALECTS) {
  describe(`password grants on /oauth/token [${dialect}]`, () => {
    let server: TestServer;
    let app: { client_id: string; client_secret: string };
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_SIGNIN_MAX_FAILURES_PER_ACCOUNT: '3' } });
      await server.api('POST', '/connections', { name: 'pw-users', strategy: 'auth0' });
      await server.api('POST', '/connections', { name: 'pw-other', strategy: 'auth0' });
      for (const email of ['ada@pw.example', 'locked@pw.example', 'blocked@pw.example']) {
        assert.equal(
          (await server.api('POST', '/users', { connection: 'pw-users', email, password: PASSWORD, email_verified: true })).status,
          201,
        );
      }
      app = (
        await server.api('POST', '/clients', {
          name: 'Password app',
          app_type: 'regular_web',
          grant_types: ['password', REALM_GRANT, 'refresh_token'],
        })
      ).body;
      await server.api('POST', '/resource-servers', {
        identifier: 'https://pw-api.example',
        name: 'PW API',
        scopes: [{ value: 'read:things' }],
      });
    });
    after(async () => {
      await server.close();
    });

    const token = (body: Record<string, string>, client = app) =>
      fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: client.client_id, client_secret: client.client_secret, ...body }),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, any> }));

    it('issues an ID token and an access token for the realm user', async () => {
      const res = await token({
        grant_type: REALM_GRANT,
        realm: 'pw-users',
        username: 'ada@pw.example',
        password: PASSWORD,
        scope: 'openid email',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.token_type, 'Bearer');
      const discovery = (await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()) as { issuer: string };
      const id = decodeJwt(res.body.id_token);
      assert.equal(id.iss, discovery.issuer);
      assert.equal(id.aud, app.client_id);
      assert.equal(id.email, 'ada@pw.example');
      assert.match(String(id.sub), /^auth0\|/);
      const info = await fetch(`${server.url}/userinfo`, { headers: { authorization: `Bearer ${res.body.access_token}` } });
      assert.equal(info.status, 200);
      assert.equal(((await info.json()) as { sub: string }).sub, id.sub);
    });

    it('issues a JWT for the audience, with only the scopes the user’s roles permit', async () => {
      const res = await token({
        grant_type: 'password',
        username: 'ada@pw.example',
        password: PASSWORD,
        audience: 'https://pw-api.example',
        scope: 'openid read:things',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const at = decodeJwt(res.body.access_token);
      // With openid, Auth0's access token is for the API and for /userinfo.
      assert.deepEqual(at.aud, ['https://pw-api.example', `${server.url}/userinfo`]);
      // No role grants read:things, so neither the scope nor the permissions hold it.
      assert.ok(!String(at.scope ?? '').includes('read:things'));
      assert.deepEqual(at.permissions, []);
    });

    it('issues a refresh token for offline_access that the refresh grant accepts', async () => {
      const res = await token({
        grant_type: REALM_GRANT,
        realm: 'pw-users',
        username: 'ada@pw.example',
        password: PASSWORD,
        scope: 'openid offline_access',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(res.body.refresh_token);
      const refreshed = await token({ grant_type: 'refresh_token', refresh_token: res.body.refresh_token });
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
      assert.ok(refreshed.body.id_token);
    });

    it('answers 403 invalid_grant with Auth0’s sentence for a wrong password', async () => {
      const res = await token({ grant_type: REALM_GRANT, realm: 'pw-users', username: 'ada@pw.example', password: 'nope-nope-nope' });
      assert.equal(res.status, 403);
      assert.deepEqual(res.body, { error: 'invalid_grant', error_description: 'Wrong email or password.' });
    });

    it('answers 403 invalid_grant when the user is not in the realm', async () => {
      const res = await token({ grant_type: REALM_GRANT, realm: 'pw-other', username: 'ada@pw.example', password: PASSWORD });
      assert.equal(res.status, 403);
      assert.equal(res.body.error, 'invalid_grant');
    });

    it('answers 400 invalid_request for a realm that is no database connection here', async () => {
      const res = await token({ grant_type: REALM_GRANT, realm: 'no-such-connection', username: 'ada@pw.example', password: PASSWORD });
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'invalid_request');
      assert.match(res.body.error_description, /no-such-connection/);
    });

    it('answers 429 too_many_attempts once the account’s failures reach the login throttle', async () => {
      for (let i = 0; i < 3; i++) {
        assert.equal((await token({ grant_type: 'password', username: 'locked@pw.example', password: `wrong-${i}` })).status, 403);
      }
      const res = await token({ grant_type: 'password', username: 'locked@pw.example', password: PASSWORD });
      assert.equal(res.status, 429);
      assert.equal(res.body.error, 'too_many_attempts');
    });

    it('answers 401 unauthorized for a blocked user', async () => {
      const user = (await server.api('GET', `/users-by-email?email=${encodeURIComponent('blocked@pw.example')}`)).body[0];
      assert.equal((await server.api('PATCH', `/users/${encodeURIComponent(user.user_id)}`, { blocked: true })).status, 200);
      const res = await token({ grant_type: 'password', username: 'blocked@pw.example', password: PASSWORD });
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { error: 'unauthorized', error_description: 'user is blocked' });
    });

    it('refuses the grant to an application that does not list it', async () => {
      const other = (
        await server.api('POST', '/clients', { name: 'Code only', app_type: 'regular_web', grant_types: ['authorization_code'] })
      ).body;
      const res = await token({ grant_type: 'password', username: 'ada@pw.example', password: PASSWORD }, other);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      // oidc-provider's answer (Auth0 says unauthorized_client with 403).
      assert.deepEqual(res.body, { error: 'invalid_request', error_description: 'requested grant type is not allowed for this client' });
    });

    it('puts org_id in the tokens of a member and refuses a non-member with access_denied', async () => {
      const { org, member } = await organizationWithMember(server, 'pwacme');
      const orgApp = (
        await server.api('POST', '/clients', {
          name: 'Org-aware app',
          app_type: 'regular_web',
          grant_types: ['password'],
          organization_usage: 'allow',
        })
      ).body;
      const ok = await token(
        { grant_type: 'password', username: member.email, password: PASSWORD, organization: 'pwacme', audience: 'https://pw-api.example' },
        orgApp,
      );
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(decodeJwt(ok.body.access_token).org_id, org.id);
      await server.api('POST', '/users', {
        connection: 'pwacme-db',
        email: 'outsider@pwacme.example',
        password: PASSWORD,
        email_verified: true,
      });
      const refused = await token(
        { grant_type: 'password', username: 'outsider@pwacme.example', password: PASSWORD, organization: org.id },
        orgApp,
      );
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error, 'access_denied');
    });

    it('refuses an organization when the application denies organizations, and requires one when it requires them', async () => {
      const denied = await token({ grant_type: 'password', username: 'ada@pw.example', password: PASSWORD, organization: 'pwacme' });
      assert.equal(denied.status, 400);
      assert.equal(denied.body.error, 'invalid_request');
      const requiring = (
        await server.api('POST', '/clients', {
          name: 'Org app',
          app_type: 'regular_web',
          grant_types: ['password'],
          organization_usage: 'require',
        })
      ).body;
      const missing = await token({ grant_type: 'password', username: 'ada@pw.example', password: PASSWORD }, requiring);
      assert.equal(missing.status, 400);
      assert.match(missing.body.error_description, /requires an organization/);
    });
  });
}
