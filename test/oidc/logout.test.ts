import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { authorize, createAgent, exchange, registerApp, signInWithPassword, PASSWORD } from '../login/login.fixtures.js';

const AFTER_LOGOUT = 'http://127.0.0.1:9/after-logout';
const SECOND_LOGOUT = 'http://127.0.0.1:9/bye';

for (const dialect of DIALECTS) {
  describe(`logout: RP-initiated and Auth0's /v2/logout [${dialect}]`, () => {
    let server: TestServer;
    let app: Awaited<ReturnType<typeof registerApp>>;
    before(async () => {
      server = await startServer(dialect);
      await server.api('POST', '/connections', { name: 'logout-db', strategy: 'auth0' });
      for (const who of ['ada', 'bob', 'cy', 'dee', 'eve', 'fay', 'gus']) {
        await server.api('POST', '/users', {
          connection: 'logout-db',
          email: `${who}@logout.example`,
          password: PASSWORD,
          email_verified: true,
        });
      }
      app = await registerApp(server, { allowed_logout_urls: [AFTER_LOGOUT, SECOND_LOGOUT] });
    });
    after(async () => {
      await server.close();
    });

    /** Signs `who` in (scope openid only, so logout revokes the grant) and returns the agent and tokens. */
    async function signedIn(who: string) {
      const agent = createAgent();
      const flow = await authorize(app.config, agent, { scope: 'openid' });
      const tokens = await exchange(app.config, (await signInWithPassword(agent, flow.page, `${who}@logout.example`)).url, flow);
      return { agent, tokens };
    }
    const sessionAlive = async (agent: ReturnType<typeof createAgent>) => {
      const again = await authorize(app.config, agent, { prompt: 'none', scope: 'openid' });
      return new URL(again.page.url).searchParams.get('error') !== 'login_required';
    };
    const userinfo = (accessToken: string) =>
      fetch(`${server.url}/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } }).then((r) => r.status);

    it('ends the session without asking for a valid id_token_hint and a registered post_logout_redirect_uri', async () => {
      const { agent, tokens } = await signedIn('ada');
      assert.equal(await userinfo(tokens.access_token), 200);
      const url = oidc.buildEndSessionUrl(app.config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: AFTER_LOGOUT,
        state: 'bye',
      });
      const done = await agent.go(url.toString(), { stopAt: AFTER_LOGOUT });
      assert.equal(done.url, `${AFTER_LOGOUT}?state=bye`);
      assert.equal(await sessionAlive(agent), false);
      assert.equal(await userinfo(tokens.access_token), 401, 'the grant was revoked');
    });

    it('asks for confirmation without an id_token_hint, and keeps the session', async () => {
      const { agent } = await signedIn('bob');
      const page = await agent.go(
        `${server.url}/oidc/logout?client_id=${app.client.client_id}&post_logout_redirect_uri=${encodeURIComponent(AFTER_LOGOUT)}`,
      );
      assert.equal(page.status, 200);
      assert.match(page.html, /Sign out\?/);
      assert.equal(await sessionAlive(agent), true);
    });

    it('asks for confirmation when the hint names another user than the session’s', async () => {
      const { agent } = await signedIn('cy');
      const other = await signedIn('dee');
      const url = oidc.buildEndSessionUrl(app.config, { id_token_hint: other.tokens.id_token!, post_logout_redirect_uri: AFTER_LOGOUT });
      const page = await agent.go(url.toString());
      assert.equal(page.status, 200);
      assert.match(page.html, /Sign out\?/);
      assert.equal(await sessionAlive(agent), true);
    });

    it('refuses a tampered id_token_hint with 400', async () => {
      const { agent, tokens } = await signedIn('eve');
      const [h, p] = tokens.id_token!.split('.');
      const forged = `${h}.${p}.${'A'.repeat(86)}`;
      const page = await agent.go(
        `${server.url}/oidc/logout?id_token_hint=${forged}&post_logout_redirect_uri=${encodeURIComponent(AFTER_LOGOUT)}`,
      );
      assert.equal(page.status, 400);
      assert.equal(await sessionAlive(agent), true);
    });

    it('/v2/logout ends the session and returns to returnTo', async () => {
      const { agent, tokens } = await signedIn('fay');
      const done = await agent.go(
        `${server.url}/v2/logout?client_id=${app.client.client_id}&returnTo=${encodeURIComponent(SECOND_LOGOUT)}&federated`,
        { stopAt: SECOND_LOGOUT },
      );
      assert.equal(done.url, SECOND_LOGOUT);
      assert.equal(await sessionAlive(agent), false);
      assert.equal(await userinfo(tokens.access_token), 401);
    });

    it('/v2/logout without returnTo goes to the application’s first allowed logout URL', async () => {
      const { agent } = await signedIn('gus');
      const done = await agent.go(`${server.url}/v2/logout?client_id=${app.client.client_id}`, { stopAt: AFTER_LOGOUT });
      assert.equal(done.url, AFTER_LOGOUT);
      assert.equal(await sessionAlive(agent), false);
    });

    it('/v2/logout without a session redirects straight to returnTo', async () => {
      const res = await fetch(`${server.url}/v2/logout?client_id=${app.client.client_id}&returnTo=${encodeURIComponent(AFTER_LOGOUT)}`, {
        redirect: 'manual',
      });
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), AFTER_LOGOUT);
    });

    it('/v2/logout refuses a returnTo that is not an allowed logout URL of the application', async () => {
      const res = await fetch(
        `${server.url}/v2/logout?client_id=${app.client.client_id}&returnTo=${encodeURIComponent('https://evil.example/')}`,
        { redirect: 'manual' },
      );
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), {
        error: 'invalid_request',
        error_description:
          'The "returnTo" querystring parameter "https://evil.example/" is not defined as a valid URL in "Allowed Logout URLs".',
      });
    });

    it('/v2/logout refuses a returnTo without client_id, and an unknown client_id', async () => {
      const bare = await fetch(`${server.url}/v2/logout?returnTo=${encodeURIComponent(AFTER_LOGOUT)}`, { redirect: 'manual' });
      assert.equal(bare.status, 400);
      assert.match(((await bare.json()) as { error_description: string }).error_description, /needs "client_id"/);
      const unknown = await fetch(`${server.url}/v2/logout?client_id=nope&returnTo=${encodeURIComponent(AFTER_LOGOUT)}`, {
        redirect: 'manual',
      });
      assert.equal(unknown.status, 400);
    });
  });
}
