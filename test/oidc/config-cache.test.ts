import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

// The token endpoint reads applications, APIs and client grants through an in-memory cache
// (src/domain/shared/config-cache.ts). A Management API change must reach the very next token
// request of the process that made it.

const AUDIENCE = 'https://cache.example/api';

for (const dialect of DIALECTS) {
  describe(`token endpoint after a Management API change, same process [${dialect}]`, () => {
    let server: TestServer;
    let client: { client_id: string; client_secret: string };
    let grantId: string;

    async function token(): Promise<{ status: number; body: Record<string, any> }> {
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: client.client_id,
          client_secret: client.client_secret,
          audience: AUDIENCE,
        }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    }

    before(async () => {
      server = await startServer(dialect);
      const api = await server.api('POST', '/resource-servers', {
        name: 'Cache API',
        identifier: AUDIENCE,
        scopes: [{ value: 'read:a' }, { value: 'read:b' }],
      });
      assert.equal(api.status, 201);
    });
    after(async () => {
      await server.close();
    });

    beforeEach(async () => {
      const created = await server.api('POST', '/clients', { name: 'Cache M2M', app_type: 'non_interactive' });
      assert.equal(created.status, 201);
      client = created.body;
      const grant = await server.api('POST', '/client-grants', {
        client_id: client.client_id,
        audience: AUDIENCE,
        scope: ['read:a', 'read:b'],
      });
      assert.equal(grant.status, 201);
      grantId = grant.body.id;
      // Twice, so that the application, the API and the grant are surely cached.
      assert.equal((await token()).status, 200);
      assert.equal((await token()).status, 200);
    });

    it('refuses the next token once the client grant is deleted', async () => {
      assert.equal((await server.api('DELETE', `/client-grants/${grantId}`)).status, 204);
      const res = await token();
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'access_denied');
    });

    it('issues the next token with the scopes of the updated client grant', async () => {
      assert.equal((await server.api('PATCH', `/client-grants/${grantId}`, { scope: ['read:b'] })).status, 200);
      const res = await token();
      assert.equal(res.status, 200);
      assert.equal(res.body.scope, 'read:b');
    });

    it('refuses the next token once the application loses the client_credentials grant type', async () => {
      assert.equal((await server.api('PATCH', `/clients/${client.client_id}`, { grant_types: ['authorization_code'] })).status, 200);
      const res = await token();
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'invalid_request');
      assert.equal(res.body.error_description, 'requested grant type is not allowed for this client');
    });

    it('refuses the old secret on the next request once it is rotated', async () => {
      const rotated = await server.api('POST', `/clients/${client.client_id}/rotate-secret`);
      assert.equal(rotated.status, 200);
      const old = await token();
      assert.equal(old.status, 401);
      assert.equal(old.body.error, 'invalid_client');
      client = rotated.body;
      assert.equal((await token()).status, 200);
    });

    it('refuses the next token once the application is deleted', async () => {
      assert.equal((await server.api('DELETE', `/clients/${client.client_id}`)).status, 204);
      const res = await token();
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'invalid_client');
    });

    it('takes the next token lifetime from the updated API', async () => {
      assert.equal((await server.api('PATCH', `/resource-servers/${encodeURIComponent(AUDIENCE)}`, { token_lifetime: 600 })).status, 200);
      const res = await token();
      assert.equal(res.status, 200);
      assert.equal(res.body.expires_in, 600);
      assert.equal((await server.api('PATCH', `/resource-servers/${encodeURIComponent(AUDIENCE)}`, { token_lifetime: 86400 })).status, 200);
    });
  });
}
