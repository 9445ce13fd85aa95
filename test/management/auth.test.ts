import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, generateKeyPair } from 'jose';
import { managementAudience } from '../../src/config/config.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { serverSigningKey } from '../helpers/server-key.js';

for (const dialect of DIALECTS) {
  describe(`Management API authentication [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    async function signWithServerKey(claims: Record<string, unknown>, expiresAt: number): Promise<string> {
      const { kid, key: serverKey } = await serverSigningKey(server);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(`${server.url}/`)
        .setAudience(managementAudience(server.config))
        .setIssuedAt(expiresAt - 3600)
        .setExpirationTime(expiresAt)
        .sign(serverKey);
    }

    it('answers 401 without a bearer token', async () => {
      const res = await fetch(`${server.url}/api/v2/organizations`);
      assert.equal(res.status, 401);
      const body = await res.json();
      assert.deepEqual(body, { statusCode: 401, error: 'Unauthorized', message: 'Missing authentication', errorCode: 'invalid_token' });
    });

    it('answers 401 for a malformed token', async () => {
      const res = await server.api('GET', '/organizations', undefined, 'not-a-jwt');
      assert.equal(res.status, 401);
      assert.equal(res.body.errorCode, 'invalid_token');
    });

    it('answers 401 for a token signed by a key that is not ours', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT({ scope: 'read:organizations' })
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer(server.url)
        .setAudience(managementAudience(server.config))
        .setExpirationTime('1h')
        .sign(privateKey);
      const res = await server.api('GET', '/organizations', undefined, token);
      assert.equal(res.status, 401);
      assert.equal(res.body.errorCode, 'invalid_token');
    });

    it('answers 401 for an expired token signed by our key', async () => {
      const token = await signWithServerKey({ scope: 'read:organizations', client_id: 'x' }, Math.floor(Date.now() / 1000) - 60);
      const res = await server.api('GET', '/organizations', undefined, token);
      assert.equal(res.status, 401);
      assert.equal(res.body.message, 'Expired token received for JSON Web Token validation');
    });

    it('answers 401 for a token with another issuer', async () => {
      const { kid, key: serverKey } = await serverSigningKey(server);
      const token = await new SignJWT({ scope: 'read:organizations' })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer('https://evil.example')
        .setAudience(managementAudience(server.config))
        .setExpirationTime('1h')
        .sign(serverKey);
      assert.equal((await server.api('GET', '/organizations', undefined, token)).status, 401);
    });

    it('accepts a valid token from our key with the right scope', async () => {
      const token = await signWithServerKey({ scope: 'read:organizations', client_id: 'x' }, Math.floor(Date.now() / 1000) + 600);
      assert.equal((await server.api('GET', '/organizations', undefined, token)).status, 200);
    });

    it('answers 403 insufficient_scope naming the scope the route needs', async () => {
      const token = await server.token(['read:organizations']);
      const res = await server.api('POST', '/organizations', { name: 'nope' }, token);
      assert.equal(res.status, 403);
      assert.deepEqual(res.body, {
        statusCode: 403,
        error: 'Forbidden',
        message: 'Insufficient scope; expected any of: create:organizations.',
        errorCode: 'insufficient_scope',
      });
      assert.equal((await server.api('GET', '/organizations/name/nope')).status, 404);
    });

    it('answers 401 invalid_token for a token signed by our key without exp', async () => {
      const { kid, key: serverKey } = await serverSigningKey(server);
      const token = await new SignJWT({ scope: 'read:organizations', client_id: 'x' })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(server.url)
        .setAudience(managementAudience(server.config))
        .setIssuedAt()
        .sign(serverKey);
      const res = await server.api('GET', '/organizations', undefined, token);
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, { statusCode: 401, error: 'Unauthorized', message: 'Invalid token', errorCode: 'invalid_token' });
    });

    it('answers 403 insufficient_scope, not 400, for an invalid body from a token without the scope', async () => {
      const token = await server.token(['read:organizations']);
      const res = await server.api('POST', '/organizations', { name: 'NOT VALID!', nonsense: true }, token);
      assert.equal(res.status, 403);
      assert.equal(res.body.errorCode, 'insufficient_scope');
    });

    it('answers 403 insufficient_scope, not 400, for a malformed JSON body from a token without the scope', async () => {
      const token = await server.token(['read:organizations']);
      const res = await fetch(`${server.url}/api/v2/organizations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"name":',
      });
      assert.equal(res.status, 403);
      assert.equal((await res.json()).errorCode, 'insufficient_scope');
    });

    it('answers 403 for /users/{id}/roles with an invalid query when read:roles is missing', async () => {
      const token = await server.token(['read:users']);
      const res = await server.api('GET', '/users/auth0%7Cnobody/roles?per_page=-5', undefined, token);
      assert.equal(res.status, 403);
      assert.equal(res.body.message, 'Insufficient scope; expected any of: read:roles.');
    });

    it('answers 404 inexistent_route in Auth0 shape for an unknown path', async () => {
      const res = await server.api('GET', '/nothing-here');
      assert.equal(res.status, 404);
      assert.equal(res.body.statusCode, 404);
    });

    it('refuses a token request with a wrong client secret', async () => {
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: server.bootstrap.clientId,
          client_secret: 'wrong',
          audience: managementAudience(server.config),
        }),
      });
      assert.equal(res.status, 401);
      assert.equal((await res.json()).error, 'invalid_client');
    });
  });
}
