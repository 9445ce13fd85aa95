import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { PASSWORD } from '../login/login.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`/dbconnections [${dialect}]`, () => {
    let server: TestServer;
    let clientId: string;
    before(async () => {
      server = await startServer(dialect);
      await server.api('POST', '/connections', { name: 'signup-db', strategy: 'auth0' });
      await server.api('POST', '/connections', { name: 'closed-db', strategy: 'auth0', options: { disable_signup: true } });
      await server.api('POST', '/connections', {
        name: 'strict-db',
        strategy: 'auth0',
        options: { passwordPolicy: 'fair', password_dictionary: { enable: true } },
      });
      clientId = (await server.api('POST', '/clients', { name: 'Signup app', app_type: 'spa', callbacks: ['http://127.0.0.1:9/cb'] })).body
        .client_id;
    });
    after(async () => {
      await server.close();
    });

    const post = async (route: string, body: Record<string, unknown>, type = 'application/json') => {
      const res = await fetch(`${server.url}/dbconnections/${route}`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: type === 'application/json' ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>).toString(),
      });
      const text = await res.text();
      return {
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        text,
        body: text.startsWith('{') ? JSON.parse(text) : undefined,
      };
    };

    const outboxFor = async (email: string) => {
      await server.app.services.email.idle();
      const dir = server.app.services.email.outboxDir;
      if (!fs.existsSync(dir)) return [];
      return fs
        .readdirSync(dir)
        .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
        .filter((m) => m.includes(email));
    };

    it('signs a user up and answers Auth0’s shape', async () => {
      const res = await post('signup', {
        client_id: clientId,
        connection: 'signup-db',
        email: 'New.Person@signup.example',
        password: PASSWORD,
        given_name: 'New',
        family_name: 'Person',
        username: 'newperson',
        user_metadata: { plan: 'free' },
      });
      assert.equal(res.status, 200, res.text);
      assert.match(res.body._id, /^[0-9a-f]{24}$/);
      assert.equal(res.body.email, 'New.Person@signup.example');
      assert.equal(res.body.email_verified, false);
      assert.equal(res.body.given_name, 'New');
      assert.equal(res.body.username, 'newperson');
      assert.deepEqual(res.body.user_metadata, { plan: 'free' });
      const user = await server.api('GET', `/users/${encodeURIComponent(`auth0|${res.body._id}`)}`);
      assert.equal(user.status, 200);
      assert.equal(user.body.identities[0].connection, 'signup-db');
      assert.equal((await outboxFor('New.Person@signup.example')).length, 1, 'a verification email');
    });

    it('accepts a form body', async () => {
      const res = await post(
        'signup',
        { client_id: clientId, connection: 'signup-db', email: 'form@signup.example', password: PASSWORD },
        'application/x-www-form-urlencoded',
      );
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.email, 'form@signup.example');
    });

    it('answers invalid_signup, telling nothing more, when the user exists', async () => {
      await post('signup', { client_id: clientId, connection: 'signup-db', email: 'twice@signup.example', password: PASSWORD });
      const res = await post('signup', { client_id: clientId, connection: 'signup-db', email: 'twice@signup.example', password: PASSWORD });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { name: 'BadRequestError', code: 'invalid_signup', description: 'Invalid sign up', statusCode: 400 });
    });

    it('answers PasswordStrengthError with the rules the password broke', async () => {
      const res = await post('signup', { client_id: clientId, connection: 'strict-db', email: 'weak@signup.example', password: 'short' });
      assert.equal(res.status, 400);
      assert.equal(res.body.name, 'PasswordStrengthError');
      assert.equal(res.body.code, 'invalid_password');
      assert.equal(res.body.message, 'Password is too weak');
      assert.equal(res.body.statusCode, 400);
      assert.equal(res.body.description.verified, false);
      assert.ok(
        res.body.description.rules.some((r: { code: string; format?: number[] }) => r.code === 'lengthAtLeast' && r.format?.[0] === 8),
      );
      assert.equal(typeof res.body.policy, 'string');
    });

    it('answers PasswordDictionaryError for a common password', async () => {
      const res = await post('signup', {
        client_id: clientId,
        connection: 'strict-db',
        email: 'common@signup.example',
        password: 'Password123',
      });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, {
        name: 'PasswordDictionaryError',
        message: 'Password is too common',
        code: 'invalid_password',
        description: 'Password is not allowed, it might be too common.',
        policy: res.body.policy,
        statusCode: 400,
      });
    });

    it('refuses sign-up on a connection with disable_signup', async () => {
      const res = await post('signup', {
        client_id: clientId,
        connection: 'closed-db',
        email: 'closed@signup.example',
        password: PASSWORD,
      });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, {
        name: 'BadRequestError',
        code: 'operation_not_allowed',
        description: 'Public signup is disabled',
        statusCode: 400,
      });
    });

    it('refuses an unknown connection and an unknown client', async () => {
      const conn = await post('signup', { client_id: clientId, connection: 'nope-db', email: 'x@signup.example', password: PASSWORD });
      assert.equal(conn.status, 400);
      assert.equal(conn.body.code, 'connection_not_enabled');
      const client = await post('signup', {
        client_id: 'no-such-client',
        connection: 'signup-db',
        email: 'x@signup.example',
        password: PASSWORD,
      });
      assert.equal(client.status, 400);
      assert.equal(client.body.code, 'invalid_request');
    });

    it('names the missing field', async () => {
      const res = await post('signup', { client_id: clientId, connection: 'signup-db', email: 'x@signup.example' });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'invalid_body');
      assert.match(res.body.description, /password/);
    });

    it('answers change_password with Auth0’s sentence and emails the reset link', async () => {
      await post('signup', { client_id: clientId, connection: 'signup-db', email: 'forgot@signup.example', password: PASSWORD });
      const res = await post('change_password', { client_id: clientId, connection: 'signup-db', email: 'forgot@signup.example' });
      assert.equal(res.status, 200);
      assert.match(res.type, /^text\/plain/);
      assert.equal(res.text, "We've just sent you an email to reset your password.");
      const mails = await outboxFor('forgot@signup.example');
      assert.ok(
        mails.some((m) => m.includes('/login/reset/')),
        'a reset email',
      );
    });

    it('resets only in the named connection: an account in another one gets no email', async () => {
      await server.api('POST', '/connections', { name: 'other-db', strategy: 'auth0' });
      await post('signup', { client_id: clientId, connection: 'other-db', email: 'elsewhere@signup.example', password: PASSWORD });
      const res = await post('change_password', { client_id: clientId, connection: 'signup-db', email: 'elsewhere@signup.example' });
      assert.equal(res.status, 200);
      assert.equal(res.text, "We've just sent you an email to reset your password.");
      const resets = (await outboxFor('elsewhere@signup.example')).filter((m) => m.includes('/login/reset/'));
      assert.deepEqual(resets, [], 'the sign-up sent a verification email, nothing else');
    });

    it('answers change_password the same for an unknown email, and sends nothing', async () => {
      const res = await post('change_password', { client_id: clientId, connection: 'signup-db', email: 'nobody@signup.example' });
      assert.equal(res.status, 200);
      assert.equal(res.text, "We've just sent you an email to reset your password.");
      assert.deepEqual(await outboxFor('nobody@signup.example'), []);
    });

    it('refuses a sign-up whose email is in a domain where an organization requires SSO', async () => {
      const org = (await server.api('POST', '/organizations', { name: 'dbc-sso-enforced' })).body;
      await server.api('POST', `/organizations/${org.id}/discovery-domains`, { domain: 'dbc-sso.example', status: 'verified' });
      await server.api('PATCH', `/organizations/${org.id}`, { gatehouse_sso_enforcement: { enabled: true } });
      const res = await post('signup', { client_id: clientId, connection: 'signup-db', email: 'new@dbc-sso.example', password: PASSWORD });
      assert.equal(res.status, 403, res.text);
      assert.equal(res.body.code, 'sso_required');
      assert.deepEqual((await server.api('GET', `/users-by-email?email=${encodeURIComponent('new@dbc-sso.example')}`)).body, []);
    });
  });
}
