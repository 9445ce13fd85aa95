import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const AUDIENCE = 'https://inventory.example.com';
const OTHER_AUDIENCE = 'https://billing.example.com';

interface TokenResponse {
  status: number;
  body: Record<string, any>;
}

for (const dialect of DIALECTS) {
  describe(`client credentials grant [${dialect}]`, () => {
    let server: TestServer;
    let client: { client_id: string; client_secret: string };

    async function tokenJson(body: Record<string, string>): Promise<TokenResponse> {
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    }

    async function tokenForm(body: Record<string, string>): Promise<TokenResponse> {
      const res = await fetch(`${server.url}/oauth/token`, { method: 'POST', body: new URLSearchParams(body) });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    }

    const credentials = () => ({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret });

    before(async () => {
      server = await startServer(dialect);
      for (const [identifier, scopes] of [
        [AUDIENCE, ['read:stock', 'write:stock', 'delete:stock']],
        [OTHER_AUDIENCE, ['read:invoices']],
      ] as const) {
        const api = await server.api('POST', '/resource-servers', {
          name: identifier,
          identifier,
          scopes: scopes.map((value) => ({ value })),
          token_lifetime: 3600,
        });
        assert.equal(api.status, 201);
      }
      const created = await server.api('POST', '/clients', { name: 'Inventory sync', app_type: 'non_interactive' });
      assert.equal(created.status, 201);
      client = created.body;
      const grant = await server.api('POST', '/client-grants', {
        client_id: client.client_id,
        audience: AUDIENCE,
        scope: ['read:stock', 'write:stock'],
      });
      assert.equal(grant.status, 201);
    });
    after(async () => {
      await server.close();
    });

    it('issues a JWT for the API from a JSON body, signed by a key in the JWKS', async () => {
      const res = await tokenJson({ ...credentials(), audience: AUDIENCE });
      assert.equal(res.status, 200);
      assert.equal(res.body.token_type, 'Bearer');
      assert.equal(res.body.expires_in, 3600);
      const jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
      const { payload, protectedHeader } = await jwtVerify(res.body.access_token, jwks, { issuer: `${server.url}/`, audience: AUDIENCE });
      assert.equal(protectedHeader.alg, 'RS256');
      assert.equal(payload.aud, AUDIENCE);
      assert.equal(payload.client_id, client.client_id);
    });

    it('issues a token from a form body', async () => {
      const res = await tokenForm({ ...credentials(), audience: AUDIENCE });
      assert.equal(res.status, 200);
      assert.equal(decodeJwt(res.body.access_token).aud, AUDIENCE);
    });

    it('grants every scope of the client grant when the request names none', async () => {
      const res = await tokenJson({ ...credentials(), audience: AUDIENCE });
      assert.equal(res.body.scope, 'read:stock write:stock');
      assert.equal(decodeJwt(res.body.access_token).scope, 'read:stock write:stock');
    });

    it('grants only the requested scopes that the client grant holds', async () => {
      const res = await tokenForm({ ...credentials(), audience: AUDIENCE, scope: 'read:stock delete:stock' });
      assert.equal(res.status, 200);
      assert.equal(decodeJwt(res.body.access_token).scope, 'read:stock');
    });

    it('refuses an API the client has no grant for', async () => {
      const res = await tokenJson({ ...credentials(), audience: OTHER_AUDIENCE });
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'access_denied');
    });

    it('refuses an audience that is not a registered API', async () => {
      const res = await tokenJson({ ...credentials(), audience: 'https://unknown.example.com' });
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'invalid_target');
    });

    it('issues a token to a regular web app that has no callbacks yet', async () => {
      const created = await server.api('POST', '/clients', { name: 'Web without callbacks', app_type: 'regular_web' });
      await server.api('POST', '/client-grants', { client_id: created.body.client_id, audience: AUDIENCE, scope: ['read:stock'] });
      const res = await tokenJson({
        grant_type: 'client_credentials',
        client_id: created.body.client_id,
        client_secret: created.body.client_secret,
        audience: AUDIENCE,
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.scope, 'read:stock');
    });

    it('returns 401 invalid_client for a wrong secret', async () => {
      const res = await tokenJson({ ...credentials(), client_secret: 'wrong', audience: AUDIENCE });
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'invalid_client');
    });

    it('stops accepting the old secret after rotation', async () => {
      const created = await server.api('POST', '/clients', { name: 'Rotating', app_type: 'non_interactive' });
      await server.api('POST', '/client-grants', { client_id: created.body.client_id, audience: AUDIENCE, scope: ['read:stock'] });
      const rotated = await server.api('POST', `/clients/${created.body.client_id}/rotate-secret`);
      const base = { grant_type: 'client_credentials', client_id: created.body.client_id, audience: AUDIENCE };
      assert.equal((await tokenJson({ ...base, client_secret: created.body.client_secret })).status, 401);
      assert.equal((await tokenJson({ ...base, client_secret: rotated.body.client_secret })).status, 200);
    });

    it('stops issuing tokens once the client grant is deleted', async () => {
      const created = await server.api('POST', '/clients', { name: 'Revoked', app_type: 'non_interactive' });
      const grant = await server.api('POST', '/client-grants', {
        client_id: created.body.client_id,
        audience: AUDIENCE,
        scope: ['read:stock'],
      });
      const body = {
        grant_type: 'client_credentials',
        client_id: created.body.client_id,
        client_secret: created.body.client_secret,
        audience: AUDIENCE,
      };
      assert.equal((await tokenJson(body)).status, 200);
      await server.api('DELETE', `/client-grants/${grant.body.id}`);
      assert.equal((await tokenJson(body)).body.error, 'access_denied');
    });

    it('refuses a token for a custom API at /api/v2 with 401', async () => {
      const token = (await tokenJson({ ...credentials(), audience: AUDIENCE })).body.access_token as string;
      const res = await server.api('GET', '/clients', undefined, token);
      assert.equal(res.status, 401);
      assert.equal(res.body.errorCode, 'invalid_token');
    });
  });
}
