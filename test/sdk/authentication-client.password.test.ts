import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { type AuthApiError, AuthenticationClient } from 'auth0/legacy';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { PASSWORD } from '../login/login.fixtures.js';

// The `auth0` package's AuthenticationClient (its v4 API, which v7 ships as `auth0/legacy`),
// unchanged, against Gatehouse on HTTPS; the runner trusts the fixture certificate.
const TLS = { certPath: path.resolve('test/fixtures/tls/cert.pem'), keyPath: path.resolve('test/fixtures/tls/key.pem') };
const REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';

for (const dialect of DIALECTS) {
  describe(`auth0 AuthenticationClient: passwords, sign-up, revocation [${dialect}]`, () => {
    let server: TestServer;
    let auth: AuthenticationClient;
    // The SDK validates the ID token's `iss` against `https://<domain>/`, the form Gatehouse issues.
    const scope = 'openid email offline_access';
    before(async () => {
      server = await startServer(dialect, { tls: TLS });
      await server.api('POST', '/connections', { name: 'sdk-db', strategy: 'auth0' });
      await server.api('POST', '/resource-servers', {
        identifier: 'https://sdk-api.example',
        name: 'SDK API',
        scopes: [{ value: 'read:things' }],
      });
      const app = (
        await server.api('POST', '/clients', {
          name: 'SDK backend',
          app_type: 'regular_web',
          grant_types: [REALM_GRANT, 'password', 'refresh_token'],
        })
      ).body;
      auth = new AuthenticationClient({ domain: new URL(server.url).host, clientId: app.client_id, clientSecret: app.client_secret });
    });
    after(async () => {
      await server.close();
    });

    it('signs up with database.signUp, then signs in with oauth.passwordGrant and the realm', async () => {
      const created = await auth.database.signUp({
        email: 'sdk.user@sdk.example',
        password: PASSWORD,
        connection: 'sdk-db',
        given_name: 'Sdk',
      });
      assert.match((created.data as { _id?: string })._id!, /^[0-9a-f]{24}$/);
      assert.equal(created.data.email, 'sdk.user@sdk.example');
      const tokens = await auth.oauth.passwordGrant({
        username: 'sdk.user@sdk.example',
        password: PASSWORD,
        realm: 'sdk-db',
        scope,
        audience: 'https://sdk-api.example',
      });
      assert.equal(decodeJwt(tokens.data.access_token).sub, `auth0|${created.data.id}`);
      // With openid, Auth0's access token is for the API and for /userinfo.
      assert.deepEqual(decodeJwt(tokens.data.access_token).aud, ['https://sdk-api.example', `${server.url}/userinfo`]);
      assert.ok(tokens.data.refresh_token);
      assert.equal(decodeJwt(tokens.data.id_token!).email, 'sdk.user@sdk.example');
    });

    it('refreshes, then revokes the refresh token with oauth.revokeRefreshToken', async () => {
      await auth.database.signUp({ email: 'revoke@sdk.example', password: PASSWORD, connection: 'sdk-db' });
      const tokens = await auth.oauth.passwordGrant({ username: 'revoke@sdk.example', password: PASSWORD, realm: 'sdk-db', scope });
      const refreshed = await auth.oauth.refreshTokenGrant({ refresh_token: tokens.data.refresh_token! });
      assert.ok(refreshed.data.access_token);
      const revoked = await auth.oauth.revokeRefreshToken({ token: refreshed.data.refresh_token! });
      assert.equal(revoked.status, 200);
      await assert.rejects(
        auth.oauth.refreshTokenGrant({ refresh_token: refreshed.data.refresh_token! }),
        (error: AuthApiError) => error.error === 'invalid_grant',
      );
    });

    it('surfaces Auth0’s invalid_grant and sentence for a wrong password', async () => {
      await assert.rejects(
        auth.oauth.passwordGrant({ username: 'sdk.user@sdk.example', password: 'not-the-password', realm: 'sdk-db' }),
        (error: AuthApiError) => {
          assert.equal(error.statusCode, 403);
          assert.equal(error.error, 'invalid_grant');
          assert.equal(error.error_description, 'Wrong email or password.');
          return true;
        },
      );
    });

    it('surfaces invalid_signup for an existing user', async () => {
      await assert.rejects(
        auth.database.signUp({ email: 'sdk.user@sdk.example', password: PASSWORD, connection: 'sdk-db' }),
        (error: AuthApiError) =>
          error.statusCode === 400 && error.error === 'invalid_signup' && error.error_description === 'Invalid sign up',
      );
    });

    it('answers database.changePassword with Auth0’s sentence', async () => {
      const res = await auth.database.changePassword({ email: 'sdk.user@sdk.example', connection: 'sdk-db' });
      assert.equal(res.data, "We've just sent you an email to reset your password.");
    });
  });
}
