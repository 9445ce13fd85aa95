import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const WEAK = 'PasswordStrengthError: Password is too weak';
const TYPES_3_OF_4 =
  'Include at least 3 of these 4 types: lower case letters (a-z), upper case letters (A-Z), numbers (0-9), special characters (e.g. !@#$%^&*).';

// Auth0's password options on database connections, enforced on the Management API's user writes.
for (const dialect of DIALECTS) {
  describe(`Management API password policy [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    let serial = 0;
    /** A database connection with these options, and a helper creating users in it. */
    async function connectionWith(options: Record<string, unknown>) {
      serial += 1;
      const name = `policy-${serial}`;
      const res = await server.api('POST', '/connections', { name, strategy: 'auth0', options });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      let users = 0;
      const create = (password: string, extra: Record<string, unknown> = {}) => {
        users += 1;
        return server.api('POST', '/users', { connection: name, email: `user${users}@${name}.example`, password, ...extra });
      };
      return { id: res.body.id as string, name, create };
    }

    function assertRefused(res: { status: number; body: any }, errorCode: string, message: string) {
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.errorCode, errorCode);
      assert.equal(res.body.message, message);
    }

    const cases: { policy: string; refused: [string, string][]; accepted: string[] }[] = [
      { policy: 'none', refused: [], accepted: ['x'] },
      { policy: 'low', refused: [['abcde', `${WEAK}. Use 6 to 128 characters.`]], accepted: ['abcdef'] },
      {
        policy: 'fair',
        refused: [
          ['Abcde1f', `${WEAK}. Use 8 to 128 characters.`],
          ['abcdefg1', `${WEAK}. Include lower case letters (a-z), upper case letters (A-Z), numbers (0-9).`],
        ],
        accepted: ['Abcdefg1'],
      },
      {
        policy: 'good',
        refused: [['abcdefg1', `${WEAK}. ${TYPES_3_OF_4}`]],
        accepted: ['abcdefg1!', 'Abcdefgh1'],
      },
      {
        policy: 'excellent',
        refused: [
          ['Abcdefgh1', `${WEAK}. Use 10 to 128 characters.`],
          ['Abcdefff1!', `${WEAK}. Do not repeat a character more than 2 times in a row (e.g. "aaa" is not allowed).`],
        ],
        accepted: ['Abcdeff1!x'],
      },
    ];
    for (const { policy, refused, accepted } of cases) {
      it(`applies passwordPolicy ${policy} when creating a user`, async () => {
        const connection = await connectionWith({ passwordPolicy: policy });
        for (const [password, message] of refused) assertRefused(await connection.create(password), 'password_strength_error', message);
        for (const password of accepted) assert.equal((await connection.create(password)).status, 201, password);
      });
    }

    it('applies passwordPolicy good when a user’s password is changed', async () => {
      const connection = await connectionWith({ passwordPolicy: 'good' });
      const user = (await connection.create('Good-passw0rd')).body;
      assertRefused(
        await server.api('PATCH', `/users/${user.user_id}`, { password: 'lowercaseonly' }),
        'password_strength_error',
        `${WEAK}. ${TYPES_3_OF_4}`,
      );
      assert.equal((await server.api('PATCH', `/users/${user.user_id}`, { password: 'Another-passw0rd' })).status, 200);
    });

    it('keeps the 8-character rule on a connection without a passwordPolicy', async () => {
      const connection = await connectionWith({});
      assertRefused(await connection.create('seven77'), 'password_strength_error', `${WEAK}. Use 8 to 128 characters.`);
      assert.equal((await connection.create('eight888')).status, 201);
    });

    it('lets password_complexity_options.min_length override the level’s length', async () => {
      const connection = await connectionWith({ passwordPolicy: 'low', password_complexity_options: { min_length: 12 } });
      assertRefused(await connection.create('elevenchars'), 'password_strength_error', `${WEAK}. Use 12 to 128 characters.`);
      assert.equal((await connection.create('twelve-chars')).status, 201);
    });

    it('refuses the last password_history.size passwords and allows older ones', async () => {
      const connection = await connectionWith({ passwordPolicy: 'low', password_history: { enable: true, size: 2 } });
      const user = (await connection.create('password-a')).body;
      const change = (password: string) => server.api('PATCH', `/users/${user.user_id}`, { password });
      const reused = 'PasswordHistoryError: Password has previously been used. Do not reuse any of your last 2 passwords.';
      assertRefused(await change('password-a'), 'password_history_error', reused);
      assert.equal((await change('password-b')).status, 200);
      assertRefused(await change('password-a'), 'password_history_error', reused);
      assertRefused(await change('password-b'), 'password_history_error', reused);
      assert.equal((await change('password-c')).status, 200);
      assert.equal((await change('password-a')).status, 200, 'password-a is older than the last 2');
    });

    it('refuses passwords containing the email’s local part, name or username with password_no_personal_info', async () => {
      const connection = await connectionWith({ passwordPolicy: 'low', password_no_personal_info: { enable: true } });
      const message =
        'PasswordNoUserInfoError: Password is based on user information. Do not use your name, username or email address in your password.';
      assertRefused(
        await server.api('POST', '/users', { connection: connection.name, email: 'margaret@acme.example', password: 'xMARGARETx' }),
        'password_no_user_info_error',
        message,
      );
      assertRefused(
        await server.api('POST', '/users', {
          connection: connection.name,
          email: 'm1@acme.example',
          name: 'Hopper',
          password: 'grace-hopper-1',
        }),
        'password_no_user_info_error',
        message,
      );
      const user = (
        await server.api('POST', '/users', {
          connection: connection.name,
          email: 'm2@acme.example',
          username: 'ghopper',
          password: 'unrelated-1',
        })
      ).body;
      assertRefused(
        await server.api('PATCH', `/users/${user.user_id}`, { password: 'i-am-GHOPPER' }),
        'password_no_user_info_error',
        message,
      );
      assert.equal(
        (await server.api('POST', '/users', { connection: connection.name, email: 'm3@acme.example', password: 'nothing-personal' }))
          .status,
        201,
      );
    });

    it('refuses common passwords and the connection’s own words with password_dictionary', async () => {
      const connection = await connectionWith({
        passwordPolicy: 'good',
        password_dictionary: { enable: true, dictionary: ['Acme-Rocks-1'] },
      });
      const message = 'PasswordDictionaryError: Password is too common. Choose a less common password.';
      assertRefused(await connection.create('Password1'), 'password_dictionary_error', message);
      assertRefused(await connection.create('acme-rocks-1'), 'password_dictionary_error', message);
      assert.equal((await connection.create('Unusual-passw0rd')).status, 201);
    });

    it('leaves the common-password list alone when password_dictionary is off', async () => {
      const connection = await connectionWith({ passwordPolicy: 'good' });
      assert.equal((await connection.create('Password1')).status, 201);
    });
  });
}
