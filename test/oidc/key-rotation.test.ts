// Signing-key rotation inside one running server: the new key is in the JWKS at once, oidc-provider
// signs with it once the activation delay has passed on the server's clock, and what the previous
// key signed (ID tokens as id_token_hint, Management API tokens) is still accepted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { SYSTEM_ACTOR } from '../../src/domain/events/actor.js';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { authorize, createAgent, exchange, organizationWithMember, registerApp, signInWithPassword } from '../login/login.fixtures.js';

const AFTER_LOGOUT = 'http://127.0.0.1:9/after-logout';

for (const dialect of DIALECTS) {
  describe(`signing key rotation in a running server [${dialect}]`, () => {
    let server: TestServer;
    // The server's clock runs with real time, moved forward by the test instead of waiting.
    let offsetMs = 0;
    const clock = { now: () => new Date(Date.now() + offsetMs) };
    before(async () => {
      server = await startServer(dialect, { clock });
    });
    after(async () => {
      await server.close();
    });

    const jwksKids = async () =>
      ((await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    const kidOf = (jwt: string) => decodeProtectedHeader(jwt).kid;

    it('publishes the new key at once, signs with it after the delay, and still accepts what the old key signed', async () => {
      const { member } = await organizationWithMember(server, 'rotation');
      const { config } = await registerApp(server);
      const agent = createAgent();
      const flow = await authorize(config, agent);
      const tokens = await exchange(config, (await signInWithPassword(agent, flow.page, member.email)).url, flow);
      const oldKid = kidOf(tokens.id_token!);
      const oldApiToken = await server.token(['read:organizations']);
      assert.equal(kidOf(oldApiToken), oldKid);

      const rotation = await server.app.services.keys.rotateSigningKey(SYSTEM_ACTOR);
      assert.deepEqual(await jwksKids(), [oldKid, rotation.kid], 'published at once, behind the signing key');
      assert.equal(kidOf(await server.token(['read:organizations'])), oldKid, 'the old key signs during the delay');

      offsetMs = Date.parse(rotation.activeFrom) - Date.now() + 1000;
      const newApiToken = await server.token(['read:organizations']);
      assert.equal(kidOf(newApiToken), rotation.kid, 'the new key signs once its activation has passed');
      assert.deepEqual(await jwksKids(), [rotation.kid, oldKid]);
      for (const bearer of [oldApiToken, newApiToken]) {
        assert.equal((await server.api('GET', '/organizations', undefined, bearer)).status, 200);
      }

      // The refreshed ID token is signed by the new key and verifies against the published JWKS.
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      assert.equal(kidOf(refreshed.id_token!), rotation.kid);
      await jwtVerify(refreshed.id_token!, createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`)), {
        currentDate: clock.now(),
      });

      // oidc-provider itself verifies an id_token_hint signed by the key that no longer signs.
      const logout = oidc.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: AFTER_LOGOUT,
        state: 'old',
      });
      const done = await agent.go(logout.toString(), { stopAt: AFTER_LOGOUT });
      assert.equal(done.url, `${AFTER_LOGOUT}?state=old`);
    });
  });
}
