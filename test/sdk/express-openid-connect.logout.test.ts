import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { auth } from 'express-openid-connect';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { PASSWORD, createAgent, signInWithPassword } from '../login/login.fixtures.js';

// express-openid-connect, unchanged, with `auth0Logout: true`: its logout goes to Auth0's
// /v2/logout with returnTo and client_id, which must end the Gatehouse session and come back.
const TLS = { certPath: path.resolve('test/fixtures/tls/cert.pem'), keyPath: path.resolve('test/fixtures/tls/key.pem') };

for (const dialect of DIALECTS) {
  describe(`express-openid-connect auth0Logout against Gatehouse [${dialect}]`, () => {
    let server: TestServer;
    let site: http.Server;
    let base: string;
    let clientId: string;
    before(async () => {
      server = await startServer(dialect, { tls: TLS });
      await server.api('POST', '/connections', { name: 'eoc-db', strategy: 'auth0' });
      await server.api('POST', '/users', { connection: 'eoc-db', email: 'ada@eoc.example', password: PASSWORD, email_verified: true });
      site = http.createServer();
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      const client = (
        await server.api('POST', '/clients', {
          name: 'Express app',
          app_type: 'regular_web',
          callbacks: [`${base}/callback`],
          allowed_logout_urls: [`${base}/signed-out`],
        })
      ).body;
      clientId = client.client_id;
      const app = express();
      app.use(
        auth({
          issuerBaseURL: server.url,
          baseURL: base,
          clientID: client.client_id,
          clientSecret: client.client_secret,
          secret: 'a-cookie-secret-of-at-least-32-characters',
          authRequired: false,
          auth0Logout: true,
          idpLogout: true,
          authorizationParams: { response_type: 'code', scope: 'openid email' },
          routes: { postLogoutRedirect: '/signed-out' },
        }),
      );
      app.get('/', (req, res) => {
        res.send(req.oidc.isAuthenticated() ? `hello ${req.oidc.user?.email}` : 'anonymous');
      });
      app.get('/signed-out', (_req, res) => {
        res.send('signed out');
      });
      site.on('request', app);
    });
    after(async () => {
      site.closeAllConnections();
      await new Promise((resolve) => site.close(resolve));
      await server.close();
    });

    it('logs out through /v2/logout, ends the Gatehouse session and returns to the app', async () => {
      const agent = createAgent();
      const loginPage = await agent.go(`${base}/login`);
      assert.match(loginPage.url, /\/login\//, 'on the hosted login');
      const back = await signInWithPassword(agent, loginPage, 'ada@eoc.example');
      const home = await agent.go(back.url);
      assert.equal(home.html, 'hello ada@eoc.example');

      const hops: string[] = [];
      const realFetch = globalThis.fetch;
      globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
        hops.push(String(input instanceof Request ? input.url : input));
        return realFetch(input, init);
      }) as typeof fetch;
      let done: Awaited<ReturnType<typeof agent.go>>;
      try {
        done = await agent.go(`${base}/logout`);
      } finally {
        globalThis.fetch = realFetch;
      }
      assert.equal(done.url, `${base}/signed-out`);
      assert.equal(done.html, 'signed out');
      const logout = hops.map((h) => new URL(h)).find((u) => u.pathname === '/v2/logout');
      assert.ok(logout, `went through /v2/logout: ${hops.join(' ')}`);
      assert.equal(logout.searchParams.get('client_id'), clientId);
      assert.equal(logout.searchParams.get('returnTo'), `${base}/signed-out`);

      // Signing in again needs the password: the Gatehouse session is gone.
      const again = await agent.go(`${base}/login`);
      assert.match(again.url, /\/login\//);
      assert.match(again.html, /name="email"/);
    });
  });
}
