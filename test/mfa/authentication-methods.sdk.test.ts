import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ManagementClient } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import * as oidc from 'openid-client';
import { CALLBACK, authorize, createAgent, exchange, signInWithPassword } from '../login/login.fixtures.js';
import { enrolTotp, requiringOrganization, totp } from './mfa.fixtures.js';

const TLS = { certPath: path.resolve('test/fixtures/tls/cert.pem'), keyPath: path.resolve('test/fixtures/tls/key.pem') };

// A user's second factors through the `auth0` SDK's ManagementClient, unchanged.
for (const dialect of DIALECTS) {
  describe(`authentication methods through the auth0 SDK [${dialect}]`, () => {
    let server: TestServer;
    let management: ManagementClient;
    before(async () => {
      server = await startServer(dialect, { tls: TLS });
      management = new ManagementClient({
        domain: new URL(server.url).host,
        clientId: server.bootstrap.clientId,
        clientSecret: server.bootstrap.clientSecret,
        maxRetries: 0,
      });
    });
    after(async () => {
      await server.close();
    });

    it('lists a TOTP enrolment and its recovery codes, removes one and then all, and the login asks for enrolment again', async () => {
      const { org, app, member } = await requiringOrganization(server, 'sdk-methods');
      const email = 'member@sdk-methods.example';
      const agent = createAgent();
      const flow = await authorize(app.config, agent, { organization: org.id });
      const { callback } = await enrolTotp(agent, flow.page, email, async (s) => totp(s));
      assert.ok(callback.url.startsWith(CALLBACK));
      const tokens = await exchange(app.config, callback.url, flow);
      assert.ok(tokens.refresh_token);

      const page = await management.users.authenticationMethods.list(member.user_id);
      const methods = page.data;
      assert.deepEqual(methods.map((m) => m.type).sort(), ['recovery-code', 'totp']);
      const totpMethod = methods.find((m) => m.type === 'totp')!;
      assert.equal(totpMethod.confirmed, true);
      assert.match(totpMethod.id, /^totp\|dev_/);
      assert.ok(!JSON.stringify(methods).includes('secret'), 'no secret in the answer');
      const one = await management.users.authenticationMethods.get(member.user_id, totpMethod.id);
      assert.equal(one.id, totpMethod.id);

      await management.users.authenticationMethods.delete(member.user_id, totpMethod.id);
      // The last factor gone, its recovery codes go too: nothing is left to recover.
      assert.deepEqual((await management.users.authenticationMethods.list(member.user_id)).data, []);
      // Removed by an administrator (a lost device): the sessions and refresh tokens it opened end.
      await assert.rejects(
        oidc.refreshTokenGrant(app.config, tokens.refresh_token!),
        (e: { error?: string }) => e.error === 'invalid_grant',
      );

      const again = createAgent();
      const enrolPage = await signInWithPassword(again, (await authorize(app.config, again, { organization: org.id })).page, email);
      assert.match(enrolPage.html, /Set up two-step verification/);

      await management.users.multifactor.invalidateRememberBrowser(member.user_id);
      await management.users.authenticationMethods.deleteAll(member.user_id);
      const logs = await server.api('GET', `/logs?q=${encodeURIComponent(`user_id:"${member.user_id}"`)}&per_page=50`);
      const actions = (logs.body as { type: string; details?: { action?: string } }[]).map((l) => l.details?.action ?? l.type);
      assert.ok(actions.includes('gd_enrollment_complete'), JSON.stringify(actions));
      assert.equal(actions.filter((a) => a === 'gd_unenroll').length, 2, JSON.stringify(actions));
    });

    it('answers 404 for an unknown method and an unknown user', async () => {
      const { member } = await requiringOrganization(server, 'sdk-missing');
      await assert.rejects(management.users.authenticationMethods.delete(member.user_id, 'totp|dev_nope'), (e: { statusCode?: number }) => {
        assert.equal(e.statusCode, 404);
        return true;
      });
      await assert.rejects(management.users.authenticationMethods.list('auth0|nobody'), (e: { statusCode?: number }) => {
        assert.equal(e.statusCode, 404);
        return true;
      });
    });
  });
}
