import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const OPTIONS = {
  passwordPolicy: 'excellent',
  disable_signup: true,
  password_complexity_options: { min_length: 14 },
  password_history: { enable: true, size: 5 },
  password_no_personal_info: { enable: true },
  password_dictionary: { enable: true, dictionary: ['acme', 'gatehouse'] },
};

for (const dialect of DIALECTS) {
  describe(`database connection sign-up and password options [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it('round-trips the options through POST, GET and PATCH', async () => {
      const created = await server.api('POST', '/connections', { name: 'options-db', strategy: 'auth0', options: OPTIONS });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const read = await server.api('GET', `/connections/${created.body.id}`);
      assert.deepEqual(
        { ...read.body.options, domain_aliases: undefined, is_create_missing_user: undefined, is_trusted: undefined },
        { ...OPTIONS, domain_aliases: undefined, is_create_missing_user: undefined, is_trusted: undefined },
      );
      const patched = await server.api('PATCH', `/connections/${created.body.id}`, {
        options: { passwordPolicy: 'fair', disable_signup: false },
      });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.options.passwordPolicy, 'fair');
      assert.equal(patched.body.options.disable_signup, false);
      assert.equal((await server.api('GET', `/connections/${created.body.id}`)).body.options.password_history, undefined);
    });

    it('takes passwordPolicy null as no level, as Auth0 does', async () => {
      const created = await server.api('POST', '/connections', {
        name: 'null-policy-db',
        strategy: 'auth0',
        options: { passwordPolicy: 'good' },
      });
      const patched = await server.api('PATCH', `/connections/${created.body.id}`, { options: { passwordPolicy: null } });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.equal('passwordPolicy' in patched.body.options, false);
    });

    const invalid: [Record<string, unknown>, string][] = [
      [{ passwordPolicy: 'weak' }, 'Payload validation error: \'No enum match for: "weak"\' on property options.passwordPolicy.'],
      [
        { password_complexity_options: { min_length: 0 } },
        "Payload validation error: 'Value 0 is less than minimum 1' on property options.password_complexity_options.min_length.",
      ],
      [
        { password_complexity_options: { min_length: 200 } },
        "Payload validation error: 'Value 200 is greater than maximum 128' on property options.password_complexity_options.min_length.",
      ],
      [
        { password_history: { enable: true, size: 25 } },
        "Payload validation error: 'Value 25 is greater than maximum 24' on property options.password_history.size.",
      ],
      [
        { password_history: { enable: 'yes' } },
        "Payload validation error: 'Expected type boolean but found type string' on property options.password_history.enable.",
      ],
      [
        { password_dictionary: { enable: true, dictionary: 'acme' } },
        "Payload validation error: 'Expected type array but found type string' on property options.password_dictionary.dictionary.",
      ],
      [
        { password_no_personal_info: { enable: true, fields: [] } },
        "Payload validation error: 'Additional properties not allowed: fields' on property options.password_no_personal_info.",
      ],
      [
        { disable_signup: 'true' },
        "Payload validation error: 'Expected type boolean but found type string' on property options.disable_signup.",
      ],
    ];
    for (const [options, message] of invalid) {
      it(`refuses ${JSON.stringify(options)} naming the field, on create and on update`, async () => {
        const created = await server.api('POST', '/connections', {
          name: `bad-${Math.random().toString(36).slice(2, 10)}`,
          strategy: 'auth0',
          options,
        });
        assert.equal(created.status, 400);
        assert.equal(created.body.errorCode, 'invalid_body');
        assert.equal(created.body.message, message);
        const ok = await server.api('POST', '/connections', { name: `good-${Math.random().toString(36).slice(2, 10)}`, strategy: 'auth0' });
        const patched = await server.api('PATCH', `/connections/${ok.body.id}`, { options });
        assert.equal(patched.status, 400);
        assert.equal(patched.body.message, message);
      });
    }
  });
}
