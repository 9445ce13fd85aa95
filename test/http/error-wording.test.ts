import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ManagementClient, ManagementError } from 'auth0';
import { DIALECTS } from '../helpers/dialects.js';
import type { TestServer } from '../helpers/start-server.js';
import { startWithSdk } from '../helpers/management-sdk.js';
import { DomainError } from '../../src/domain/errors.js';
import { authorize, createAgent, formAction, inputValue, registerApp } from '../login/login.fixtures.js';

// The domain throws one structured error; each surface words it: the Management API in Auth0's
const RULE = 'Include lower case letters (a-z), upper case letters (A-Z), numbers (0-9).';

/** The body of the Management API error the SDK call failed with. */
async function apiErrorOf(call: Promise<unknown>): Promise<{ statusCode: number; errorCode: string; message: string }> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof ManagementError, String(error));
    return error.body as { statusCode: number; errorCode: string; message: string };
  }
  assert.fail('the call succeeded');
}

for (const dialect of DIALECTS) {
  describe(`one domain error, each surface's wording [${dialect}]`, () => {
    let server: TestServer;
    let management: ManagementClient;
    before(async () => {
      ({ server, management } = await startWithSdk(dialect));
    });
    after(async () => {
      await server.close();
    });

    it('words a broken password rule as Auth0 on POST /api/v2/users and as the rule alone on the sign-up page', async () => {
      const connection = await management.connections.create({
        name: 'wording-db',
        strategy: 'auth0',
        options: { passwordPolicy: 'fair' },
      });
      const org = await management.organizations.create({ name: 'wording', display_name: 'Wording Inc.' });
      await management.organizations.enabledConnections.add(org.id!, {
        connection_id: connection.id!,
        assign_membership_on_login: true,
        is_signup_enabled: true,
      } as never);
      const weak = 'abcdefg1';

      const api = await apiErrorOf(management.users.create({ connection: 'wording-db', email: 'api@wording.example', password: weak }));
      assert.deepEqual(api, {
        statusCode: 400,
        error: 'Bad Request',
        errorCode: 'password_strength_error',
        message: `PasswordStrengthError: Password is too weak. ${RULE}`,
      });

      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id!, screen_hint: 'signup' });
      assert.match(flow.page.html, /Create your account/);
      const page = await agent.go(formAction(flow.page), {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), email: 'page@wording.example', password: weak },
      });
      assert.equal(page.status, 400);
      assert.ok(page.html.includes(`<p class="field-error" id="password-error">${RULE}</p>`), page.html);
      assert.doesNotMatch(page.html, /PasswordStrengthError|Password is too weak/);

      for (const email of ['api@wording.example', 'page@wording.example']) {
        assert.deepEqual(await management.users.listUsersByEmail({ email }), [], `${email} was not created`);
      }
    });

    it("words a refused property from its field and rule: Auth0's sentences on the wire, prose in the domain", async () => {
      const body = await apiErrorOf(
        management.users.create({ connection: 'no-such-connection', email: 'x@wording.example', password: 'x' }),
      );
      assert.equal(body.errorCode, 'invalid_body');
      assert.equal(body.message, "Payload validation error: 'Connection does not exist' on property connection.");

      const query = await apiErrorOf(management.users.list({ q: 'email:"open' }));
      assert.equal(query.errorCode, 'invalid_query_string');
      assert.equal(query.message, "Query validation error: 'Unbalanced quotes' on property q.");

      // The same refusal as the domain throws it: the code, the field and rule, and a sentence without Auth0's framing.
      await assert.rejects(
        server.app.services.users.list({ kind: 'offset', page: 0, perPage: 10, includeTotals: false }, { q: 'email:"open' }),
        (error: unknown) => {
          assert.ok(error instanceof DomainError);
          assert.equal(error.code, 'invalid_query_string');
          assert.deepEqual(error.detail, { field: 'q', rule: 'Unbalanced quotes' });
          assert.equal(error.message, 'Unbalanced quotes.');
          return true;
        },
      );
    });
  });
}
