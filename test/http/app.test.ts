import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/start-server.js';

describe('HTTP surface', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('sqlite');
  });
  after(async () => {
    await server.close();
  });

  it('reports health when the database answers', async () => {
    const res = await fetch(`${server.url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('serves the OpenAPI document generated from the route schemas', async () => {
    const res = await fetch(`${server.url}/api/v2/openapi.json`);
    assert.equal(res.status, 200);
    const doc = await res.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/organizations'].post, 'POST /organizations documented');
    assert.ok(doc.paths['/organizations/{id}'].patch, 'PATCH /organizations/{id} documented');
    const body = doc.paths['/organizations'].post.requestBody.content['application/json'].schema;
    assert.equal(body.properties.name.maxLength, 50);
    assert.equal(body.additionalProperties, false);
  });

  it('publishes discovery with Auth0 paths and a JWKS of public keys only', async () => {
    const discovery = await (await fetch(`${server.url}/.well-known/openid-configuration`)).json();
    assert.equal(discovery.issuer, `${server.url}/`, "Auth0's form: the base URL and a trailing slash");
    assert.equal(discovery.token_endpoint, `${server.url}/oauth/token`);
    assert.equal(discovery.jwks_uri, `${server.url}/.well-known/jwks.json`);
    const jwks = await (await fetch(discovery.jwks_uri)).json();
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].kty, 'RSA');
    assert.equal(jwks.keys[0].d, undefined);
  });
});
