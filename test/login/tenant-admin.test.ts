import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { createAgent, formAction, inputValue } from './login.fixtures.js';

const ADMIN = { email: 'owner@tenant.example', password: 'a-strong-admin-passphrase' };

// Issue 6's foundation: the console is an application of Gatehouse; its administrator signs in
// through the hosted login and calls the Management API with that access token.
for (const dialect of DIALECTS) {
  describe(`tenant administrator [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_ADMIN_EMAIL: ADMIN.email, GATEHOUSE_ADMIN_PASSWORD: ADMIN.password } });
    });
    after(async () => {
      await server.close();
    });

    async function consoleClientId(): Promise<string> {
      const row = await server.database.db.kysely
        .selectFrom('settings')
        .select('value')
        .where('key', '=', 'console_client_id')
        .executeTakeFirstOrThrow();
      return JSON.parse(row.value) as string;
    }

    async function consoleSignIn(email: string, password: string, clientId?: string) {
      clientId ??= await consoleClientId();
      const config = await oidc.discovery(new URL(server.url), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const callback = `${server.url}/console/callback`;
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: callback,
        scope: 'openid profile email read:organizations create:organizations',
        state,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        audience: `${server.url}/api/v2/`,
      });
      const agent = createAgent();
      const page = await agent.go(url.toString(), { stopAt: callback });
      const passwordPage = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), email } });
      const done = await agent.go(formAction(passwordPage), {
        form: { _csrf: inputValue(passwordPage.html, '_csrf'), password },
        stopAt: callback,
      });
      return oidc.authorizationCodeGrant(config, new URL(done.url), { pkceCodeVerifier: verifier, expectedState: state });
    }

    it('signs the administrator in to the console application and lets them call the Management API', async () => {
      const tokens = await consoleSignIn(ADMIN.email, ADMIN.password);
      const created = await server.api('POST', '/organizations', { name: 'made-by-admin' }, tokens.access_token);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const list = await server.api('GET', '/organizations', undefined, tokens.access_token);
      assert.equal(list.status, 200);
      const users = await server.api('GET', '/users', undefined, tokens.access_token);
      assert.equal(users.status, 403, 'read:users was not requested');
    });

    it('gives the administrator no Management API scope through any application but the console', async () => {
      const app = await server.api('POST', '/clients', {
        name: 'Some SPA',
        app_type: 'spa',
        callbacks: [`${server.url}/console/callback`],
      });
      assert.equal(app.status, 201);
      const tokens = await consoleSignIn(ADMIN.email, ADMIN.password, app.body.client_id);
      assert.ok(tokens.access_token, 'the sign-in itself succeeds');
      const res = await server.api('GET', '/organizations', undefined, tokens.access_token);
      assert.equal(res.status, 403);
      assert.equal(res.body.errorCode, 'insufficient_scope');
    });

    it('gives a user without the administrator role no Management API scope', async () => {
      await server.api('POST', '/users', {
        connection: 'Username-Password-Authentication',
        email: 'plain@tenant.example',
        password: 'Correct-horse-battery-1',
      });
      const tokens = await consoleSignIn('plain@tenant.example', 'Correct-horse-battery-1');
      const res = await server.api('POST', '/organizations', { name: 'not-allowed' }, tokens.access_token);
      assert.equal(res.status, 403);
    });
  });
}
