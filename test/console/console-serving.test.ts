// How Gatehouse serves the built console (no browser): the app shell and its headers, the hashed
// assets, the configuration the console reads, the first-screen budget and the CORS the SPA needs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { CONSOLE_DIST, consoleBuildIsCurrent, readBundleReport } from '../../src/console/build.js';
import { MANAGEMENT_SCOPES } from '../../src/domain/resource-servers/management-api.js';

describe('console serving', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('sqlite');
  });
  after(async () => {
    await server.close();
  });

  it('was built from the current sources before the tests ran', () => {
    assert.equal(consoleBuildIsCurrent(), true);
  });

  it('serves the app shell for any console path, with a strict CSP and no caching', async () => {
    for (const p of ['/console/', '/console/organizations/org_x/members', '/console/callback?code=x&state=y']) {
      const res = await fetch(`${server.url}${p}`);
      assert.equal(res.status, 200, p);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/, 'no inline or foreign scripts');
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.match(await res.text(), /<div id="root"><\/div>/);
    }
  });

  it('sends the root of the server to the console', async () => {
    const res = await fetch(`${server.url}/`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/console/');
  });

  it('serves hashed assets as immutable and refuses paths outside the build', async () => {
    const html = await (await fetch(`${server.url}/console/`)).text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, 'the shell loads its entry script');
    const res = await fetch(`${server.url}${script}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('cache-control') ?? '', /immutable/);
    const traversal = await fetch(`${server.url}/console/assets/..%2f..%2fpackage.json`);
    assert.ok([403, 404].includes(traversal.status), `traversal answered ${traversal.status}`);
    assert.equal((await fetch(`${server.url}/console/assets/missing.js`)).status, 404);
  });

  it('tells the console its issuer, its public client and the Management API scopes to ask for', async () => {
    const res = await fetch(`${server.url}/console/config.json`);
    assert.equal(res.status, 200);
    const config = await res.json();
    const stored = await server.database.db.kysely
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'console_client_id')
      .executeTakeFirstOrThrow();
    assert.equal(config.client_id, JSON.parse(stored.value));
    assert.equal(config.issuer, server.url);
    assert.equal(config.audience, `${server.url}/api/v2/`);
    assert.equal(config.redirect_uri, `${server.url}/console/callback`);
    assert.deepEqual(
      config.scopes,
      MANAGEMENT_SCOPES.filter((s) => s !== 'read:client_keys'),
      'every scope but reading stored secrets',
    );
  });

  it('lets the console call the token endpoint from its own origin, and no other origin', async () => {
    const { client_id: clientId } = await (await fetch(`${server.url}/console/config.json`)).json();
    const attempt = (origin: string, client = clientId) =>
      fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: 'not-a-code',
          client_id: client,
          redirect_uri: `${server.url}/console/callback`,
          code_verifier: 'x'.repeat(43),
        }),
      });
    const own = await attempt(server.url);
    assert.equal((await own.json()).error, 'invalid_grant', 'the request reached the grant check');
    assert.equal(own.headers.get('access-control-allow-origin'), server.url);
    // A custom-scheme callback has the opaque origin `null`, which sandboxed frames and files send too.
    const native = await server.api('POST', '/clients', {
      name: 'Native app',
      app_type: 'native',
      callbacks: ['com.example.app:/callback'],
      token_endpoint_auth_method: 'none',
    });
    assert.equal(native.status, 201, JSON.stringify(native.body));
    const opaque = await attempt('null', native.body.client_id);
    assert.equal(opaque.headers.get('access-control-allow-origin'), null, 'an opaque origin is never allowed');
    const foreign = await attempt('https://evil.example');
    const body = await foreign.json();
    assert.equal(body.error, 'invalid_request');
    assert.match(body.error_description, /origin https:\/\/evil\.example not allowed/);
  });

  it('code-splits the console so the first screen loads under 250 kB of JavaScript (gzip)', () => {
    const report = readBundleReport();
    assert.ok(report, 'the build wrote bundle-report.json');
    assert.equal(report.budgetGzipBytes, 250 * 1024);
    assert.ok(report.firstScreenGzipBytes <= report.budgetGzipBytes, `${report.firstScreenGzipBytes} bytes`);
    assert.ok(report.chunks.length > report.firstScreenChunks.length, 'other screens are in chunks of their own');
    for (const chunk of report.firstScreenChunks) assert.ok(fs.existsSync(path.join(CONSOLE_DIST, chunk)), chunk);
  });
});
