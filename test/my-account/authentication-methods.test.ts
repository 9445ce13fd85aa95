// The My Account API (/me/v1) over real HTTP on both dialects: a person lists, reads, removes and
// enrols (TOTP) their own authentication methods with a token from their own login; changes need a
// login within five minutes; nothing reaches another user.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { requestClientCredentials } from '../helpers/user-api.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import { REAUTHENTICATION_MAX_AGE_SECONDS } from '../../src/domain/mfa/recent-authentication.js';
import { totp } from '../mfa/mfa.fixtures.js';
import { authorize, createAgent, exchange, signInWithPassword } from '../login/login.fixtures.js';
import {
  MY_ACCOUNT_SCOPES,
  assertProblem,
  assertRefusedField,
  audienceOf,
  me,
  myAccountApp,
  person,
  signIn,
} from './my-account.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`My Account API authentication methods [${dialect}]`, () => {
    let server: TestServer;
    let app: Awaited<ReturnType<typeof myAccountApp>>;
    // The services' clock runs `shiftMs` ahead of the provider's: a login made now looks old to the API.
    let shiftMs = 0;
    const clock: Clock = { now: () => new Date(Date.now() + shiftMs) };
    const code = (secret: string) => totp(secret, Date.now() + shiftMs);

    before(async () => {
      server = await startServer(dialect, { clock });
      app = await myAccountApp(server);
    });
    after(async () => {
      await server.close();
    });

    /** A fresh person and an access token from their login, with every My Account scope. */
    async function signedIn(name: string, scope?: string) {
      const user = await person(server, name);
      const tokens = await signIn(server, app, user.email, scope);
      return { user, token: tokens.access_token, tokens };
    }

    /** Enrols TOTP through the API; returns the challenge and the verified method. */
    async function enrol(token: string) {
      const challenge = await me(server, token, 'POST', '/authentication-methods', { type: 'totp' });
      assert.equal(challenge.status, 201, JSON.stringify(challenge.body));
      const verified = await me(server, token, 'POST', `/authentication-methods/${encodeURIComponent(challenge.body.id)}/verify`, {
        auth_session: challenge.body.auth_session,
        otp_code: await code(challenge.body.manual_input_code),
      });
      assert.equal(verified.status, 200, JSON.stringify(verified.body));
      return { challenge, verified };
    }

    /** Another user's confirmed TOTP, made through the service (they never sign in here). */
    async function othersTotp(name: string) {
      const other = await person(server, name);
      const { mfa } = server.app.services;
      const started = await mfa.startTotp(other.user_id, 'test');
      await mfa.confirmTotp({ ip: '127.0.0.1' }, { userId: other.user_id }, started.id, await code(started.secret));
      return { other, methodId: started.id };
    }

    it('is a system API at <issuer>/me/ with the me scopes, a user grant only', async () => {
      const res = await server.api('GET', `/resource-servers/${encodeURIComponent(audienceOf(server))}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.is_system, true);
      assert.deepEqual(
        res.body.scopes.map((s: { value: string }) => s.value),
        MY_ACCOUNT_SCOPES,
      );
      const machine = await server.api('POST', '/client-grants', {
        client_id: app.client.client_id,
        audience: audienceOf(server),
        scope: ['read:me:authentication_methods'],
        subject_type: 'client',
      });
      assert.equal(machine.status, 400, JSON.stringify(machine.body));
      assert.match(machine.body.message, /subject_type must be user/);
      const patch = await server.api('PATCH', `/resource-servers/${res.body.id}`, { token_lifetime: 86400 });
      assert.equal(patch.status, 400);
      assert.equal(patch.body.message, 'The My Account API is a system resource server and cannot be updated.');
    });

    it("carries the login's auth_time in the access token, and keeps it on refresh", async () => {
      const { tokens, user } = await signedIn('auth-time');
      const payload = decodeJwt(tokens.access_token);
      assert.equal(payload.sub, user.user_id);
      assert.ok([payload.aud].flat().includes(audienceOf(server)), JSON.stringify(payload.aud));
      assert.equal(typeof payload.auth_time, 'number');
      assert.ok(Math.abs((payload.auth_time as number) - Math.floor(Date.now() / 1000)) < 60);
      const refreshed = await oidc.refreshTokenGrant(app.config, tokens.refresh_token!);
      assert.equal(decodeJwt(refreshed.access_token).auth_time, payload.auth_time);
    });

    it('refuses client credentials for the API at the token endpoint', async () => {
      const { status, body } = await requestClientCredentials(server, app, audienceOf(server));
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(body.error, 'access_denied');
      assert.match(body.error_description, /accepts only user access tokens/);
    });

    it('answers 401 invalid_token without a token, or with a Management API token', async () => {
      assertProblem(await me(server, undefined, 'GET', '/authentication-methods'), 401, 'invalid_token');
      assertProblem(await me(server, await server.token(), 'GET', '/authentication-methods'), 401, 'invalid_token');
    });

    it('enrols TOTP: a challenge with Location, barcode URI and manual key, then verify returns the method and recovery codes', async () => {
      const { token, user } = await signedIn('enrol');
      assert.deepEqual((await me(server, token, 'GET', '/authentication-methods')).body, { authentication_methods: [] });
      const { challenge, verified } = await enrol(token);
      assert.equal(challenge.body.type, 'totp');
      assert.match(challenge.body.id, /^totp\|dev_/);
      assert.equal(
        challenge.headers.get('location'),
        `${server.url}/me/v1/authentication-methods/${encodeURIComponent(challenge.body.id)}`,
      );
      assert.match(challenge.body.barcode_uri, /^otpauth:\/\/totp\//);
      assert.ok(challenge.body.barcode_uri.includes(`secret=${challenge.body.manual_input_code}`));
      assert.equal(typeof challenge.body.auth_session, 'string');

      assert.equal(verified.body.id, challenge.body.id);
      assert.equal(verified.body.type, 'totp');
      assert.equal(verified.body.confirmed, true);
      assert.deepEqual(verified.body.usage, ['secondary']);
      assert.equal(verified.body.recovery_codes.length, 10);

      const list = await me(server, token, 'GET', '/authentication-methods');
      assert.equal(list.status, 200, JSON.stringify(list.body));
      assert.deepEqual(
        list.body.authentication_methods.map((m: { type: string }) => m.type),
        ['totp', 'recovery-code'],
      );
      assert.ok(!JSON.stringify(list.body).includes(challenge.body.manual_input_code), 'the secret never comes back');
      const one = await me(server, token, 'GET', `/authentication-methods/${encodeURIComponent(challenge.body.id)}`);
      assert.equal(one.status, 200, JSON.stringify(one.body));
      assert.equal(one.body.id, challenge.body.id);
      assert.ok(one.body.last_auth_at);

      // The enrolment is the user's own: its event names them.
      const events = await server.database.db.kysely
        .selectFrom('events')
        .select(['type', 'actor_type', 'actor_id'])
        .where('user_id', '=', user.user_id)
        .where('type', '=', 'gd_enrollment_complete')
        .execute();
      assert.deepEqual(events, [{ type: 'gd_enrollment_complete', actor_type: 'user', actor_id: user.user_id }]);
    });

    it('refuses a wrong code naming otp_code, and another enrolment’s auth_session naming auth_session', async () => {
      const { token } = await signedIn('wrong-code');
      const first = await me(server, token, 'POST', '/authentication-methods', { type: 'totp' });
      const path = `/authentication-methods/${encodeURIComponent(first.body.id)}/verify`;
      const secret = first.body.manual_input_code;
      const right = await code(secret);
      const wrong = right === '000000' ? '111111' : '000000';
      assertRefusedField(
        await me(server, token, 'POST', path, { auth_session: first.body.auth_session, otp_code: wrong }),
        'invalid_mfa_code',
        'otp_code',
      );
      const forged = `${first.body.auth_session.split('.')[0]}.${'A'.repeat(43)}`;
      assertRefusedField(await me(server, token, 'POST', path, { auth_session: forged, otp_code: right }), 'invalid_body', 'auth_session');
      // Nothing was confirmed by the refusals.
      const method = await me(server, token, 'GET', `/authentication-methods/${encodeURIComponent(first.body.id)}`);
      assert.equal(method.body.confirmed, false);
    });

    it('refuses bad bodies, naming the field and the rule', async () => {
      const { token } = await signedIn('bad-bodies');
      assertRefusedField(await me(server, token, 'POST', '/authentication-methods', { type: 'sms' }), 'invalid_body', 'type');
      assertRefusedField(await me(server, token, 'POST', '/authentication-methods', {}), 'invalid_body', 'type');
      assertRefusedField(await me(server, token, 'POST', '/authentication-methods', { type: 'totp', extra: 1 }), 'invalid_body', 'extra');
      const started = await me(server, token, 'POST', '/authentication-methods', { type: 'totp' });
      const path = `/authentication-methods/${encodeURIComponent(started.body.id)}/verify`;
      assertRefusedField(await me(server, token, 'POST', path, { auth_session: started.body.auth_session }), 'invalid_body', 'otp_code');
      assertRefusedField(await me(server, token, 'POST', path, { otp_code: '123456' }), 'invalid_body', 'auth_session');
    });

    it("reaches only the token's user: another user's method is 404 to read, remove and verify", async () => {
      const { token } = await signedIn('nosy');
      const { other, methodId } = await othersTotp('victim');
      const path = `/authentication-methods/${encodeURIComponent(methodId)}`;
      assertProblem(await me(server, token, 'GET', path), 404, 'inexistent_authentication_method');
      assertProblem(await me(server, token, 'DELETE', path), 404, 'inexistent_authentication_method');
      const started = await me(server, token, 'POST', '/authentication-methods', { type: 'totp' });
      // The nosy user's own auth_session, on the other user's method id: refused, nothing confirmed.
      const verify = await me(server, token, 'POST', `${path}/verify`, { auth_session: started.body.auth_session, otp_code: '123456' });
      assert.equal(verify.status, 400, JSON.stringify(verify.body));
      assert.deepEqual(
        (await me(server, token, 'GET', '/authentication-methods')).body.authentication_methods.map((m: { id: string }) => m.id),
        [started.body.id],
      );
      const theirs = await server.api('GET', `/users/${encodeURIComponent(other.user_id)}/authentication-methods`);
      assert.deepEqual(
        theirs.body.map((m: { type: string }) => m.type),
        ['totp', 'recovery-code'],
      );
    });

    it('answers 403 insufficient_scope for a route whose scope the token lacks', async () => {
      const { token } = await signedIn('read-only', 'openid read:me:authentication_methods');
      assert.equal(decodeJwt(token).scope, 'openid read:me:authentication_methods');
      assert.equal((await me(server, token, 'GET', '/authentication-methods')).status, 200);
      assertProblem(await me(server, token, 'POST', '/authentication-methods', { type: 'totp' }), 403, 'insufficient_scope');
      assertProblem(await me(server, token, 'DELETE', '/authentication-methods/totp%7Cdev_x'), 403, 'insufficient_scope');
    });

    it('removes a method: 204, gone from the list, its event names the user, and their session stays', async () => {
      const { token, user, tokens } = await signedIn('remover');
      const { challenge } = await enrol(token);
      const removed = await me(server, token, 'DELETE', `/authentication-methods/${encodeURIComponent(challenge.body.id)}`);
      assert.equal(removed.status, 204, JSON.stringify(removed.body));
      // The last factor went, and the recovery codes with it.
      assert.deepEqual((await me(server, token, 'GET', '/authentication-methods')).body, { authentication_methods: [] });
      const event = await server.database.db.kysely
        .selectFrom('events')
        .select(['type', 'action', 'actor_type', 'actor_id', 'details'])
        .where('user_id', '=', user.user_id)
        .where('action', '=', 'gd_unenroll')
        .executeTakeFirstOrThrow();
      assert.equal(event.actor_type, 'user');
      assert.equal(event.actor_id, user.user_id);
      assert.equal(JSON.parse(event.details).actor.api, 'my_account');
      // Removing one's own factor keeps one's session: the refresh token still works.
      await oidc.refreshTokenGrant(app.config, tokens.refresh_token!);
      assertProblem(
        await me(server, token, 'DELETE', `/authentication-methods/${encodeURIComponent(challenge.body.id)}`),
        404,
        'inexistent_authentication_method',
      );
    });

    it(`answers 403 reauthentication_required to changes ${REAUTHENTICATION_MAX_AGE_SECONDS / 60} minutes after the login`, async () => {
      const { token } = await signedIn('stale');
      const { challenge } = await enrol(token);
      const path = `/authentication-methods/${encodeURIComponent(challenge.body.id)}`;
      shiftMs = (REAUTHENTICATION_MAX_AGE_SECONDS + 60) * 1000;
      try {
        assertProblem(await me(server, token, 'DELETE', path), 403, 'reauthentication_required');
        assertProblem(await me(server, token, 'POST', '/authentication-methods', { type: 'totp' }), 403, 'reauthentication_required');
        // Reading needs no recent login; and nothing was removed.
        assert.equal((await me(server, token, 'GET', path)).status, 200);
      } finally {
        shiftMs = 0;
      }
      assert.equal((await me(server, token, 'DELETE', path)).status, 204);
    });

    it('signs in again with max_age=0 from the password, even when the session lacks a factor enrolled since', async () => {
      const user = await person(server, 'again');
      const agent = createAgent();
      const scope = `openid ${MY_ACCOUNT_SCOPES.join(' ')}`;
      const first = await authorize(app.config, agent, { audience: audienceOf(server), scope });
      const tokens = await exchange(app.config, (await signInWithPassword(agent, first.page, user.email)).url, first);
      await enrol(tokens.access_token);
      // The session proved a password only, and the user now has a factor: without max_age the
      // login would go straight to the factor; with it, the credentials come first.
      const again = await authorize(app.config, agent, { audience: audienceOf(server), scope, max_age: '0' });
      assert.doesNotMatch(again.page.html, /Verify your identity/);
      assert.match(again.page.html, /name="(email|password)"/, again.page.html.slice(0, 800));
    });

    it('stops the token of a blocked user at once', async () => {
      const { token, user } = await signedIn('blocked');
      const blocked = await server.api('PATCH', `/users/${encodeURIComponent(user.user_id)}`, { blocked: true });
      assert.equal(blocked.status, 200, JSON.stringify(blocked.body));
      assertProblem(await me(server, token, 'GET', '/authentication-methods'), 401, 'invalid_token');
    });
  });
}
