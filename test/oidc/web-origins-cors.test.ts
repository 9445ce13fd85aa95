import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/start-server.js';

// No storage beyond an application row: SQLite only.
describe('token endpoint CORS for an application’s web origins [sqlite]', () => {
  let server: TestServer;
  let clientId: string;
  before(async () => {
    server = await startServer('sqlite');
    clientId = (
      await server.api('POST', '/clients', {
        name: 'SPA',
        app_type: 'spa',
        callbacks: ['https://app.example/callback'],
        web_origins: ['https://spa.example'],
      })
    ).body.client_id;
  });
  after(async () => {
    await server.close();
  });

  const attempt = (origin: string) =>
    fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'not-a-code',
        client_id: clientId,
        redirect_uri: 'https://app.example/callback',
        code_verifier: 'x'.repeat(43),
      }),
    });

  it('allows an origin listed in web_origins', async () => {
    const res = await attempt('https://spa.example');
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_grant');
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://spa.example');
  });

  it('still allows a callback URL’s origin, and no other', async () => {
    assert.equal((await attempt('https://app.example')).headers.get('access-control-allow-origin'), 'https://app.example');
    assert.equal((await attempt('https://evil.example')).headers.get('access-control-allow-origin'), null);
  });
});
