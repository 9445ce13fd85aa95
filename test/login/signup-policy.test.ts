import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { hashToken } from '../../src/domain/email/tickets.js';
import { up as connectionPoliciesMigration } from '../../src/db/migrations/2026-12-01-017-database-connection-policies.js';
import type { Page } from '../helpers/browser-agent.js';
import { CALLBACK, PASSWORD, authorize, createAgent, formAction, inputValue, registerApp } from './login.fixtures.js';

const ADMIN_CONNECTION = 'Username-Password-Authentication';
const TYPES_3_OF_4 =
  'Include at least 3 of these 4 types: lower case letters (a-z), upper case letters (A-Z), numbers (0-9), special characters (e.g. !@#$%^&amp;*).';

// Auth0's options.disable_signup and password options on the hosted login's sign-up and reset pages.
for (const dialect of DIALECTS) {
  describe(`hosted sign-up and reset honour the database connection's options [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    /** An organization whose database connection has these options and open organization sign-up. */
    async function organizationWith(name: string, options: Record<string, unknown>) {
      const org = (await server.api('POST', '/organizations', { name, display_name: `${name} Inc.` })).body;
      const connection = (await server.api('POST', '/connections', { name: `${name}-db`, strategy: 'auth0', options })).body;
      const enabled = await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: connection.id,
        assign_membership_on_login: true,
        is_signup_enabled: true,
      });
      assert.equal(enabled.status, 201, JSON.stringify(enabled.body));
      const { client, config } = await registerApp(server, { organization_usage: 'allow' });
      return { org, connection, client, config };
    }

    const signupUrlOf = (identifierPage: Page) => formAction(identifierPage).replace(/\/identifier$/, '/signup');

    it('shows the sign-up link where the connection allows sign-up', async () => {
      const { org, config } = await organizationWith('signup-allowed', {});
      const flow = await authorize(config, createAgent(), { organization: org.id });
      assert.match(flow.page.html, />Sign up</);
    });

    it('shows no sign-up link and refuses GET and POST sign-up with 403 where disable_signup is on', async () => {
      const { org, config } = await organizationWith('signup-disabled', { disable_signup: true });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id, screen_hint: 'signup' });
      assert.doesNotMatch(flow.page.html, /Sign up|Create your account/, 'screen_hint=signup lands on the sign-in page');
      const signupUrl = signupUrlOf(flow.page);
      const shown = await agent.go(signupUrl);
      assert.equal(shown.status, 403);
      assert.match(shown.html, /Sign-up is disabled here\. Ask your administrator to create your account, then sign in with it\./);
      const posted = await agent.go(signupUrl, {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), email: 'new@signup-disabled.example', password: PASSWORD },
      });
      assert.equal(posted.status, 403);
      assert.match(posted.html, /Sign-up is disabled here/);
      assert.deepEqual((await server.api('GET', `/users-by-email?email=${encodeURIComponent('new@signup-disabled.example')}`)).body, []);
    });

    it('does not let an invitation create an account where disable_signup is on', async () => {
      const { org, client, config } = await organizationWith('invite-disabled', { disable_signup: true });
      const invitation = await server.api('POST', `/organizations/${org.id}/invitations`, {
        inviter: { name: 'Ada Admin' },
        invitee: { email: 'invitee@invite-disabled.example' },
        client_id: client.client_id,
        send_invitation_email: false,
      });
      assert.equal(invitation.status, 201, JSON.stringify(invitation.body));
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id, invitation: invitation.body.ticket_id });
      assert.doesNotMatch(flow.page.url, /\/signup$/, 'the invitee is not sent to a sign-up that would be refused');
      assert.match(flow.page.html, /You were invited to join/);
      const posted = await agent.go(signupUrlOf(flow.page), { form: { _csrf: inputValue(flow.page.html, '_csrf'), password: PASSWORD } });
      assert.equal(posted.status, 403);
      assert.deepEqual(
        (await server.api('GET', `/users-by-email?email=${encodeURIComponent('invitee@invite-disabled.example')}`)).body,
        [],
      );
    });

    it("shows the connection's minimum length and the broken rule next to the password on sign-up", async () => {
      const { org, config } = await organizationWith('signup-good', {
        passwordPolicy: 'good',
        password_complexity_options: { min_length: 9 },
      });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id, screen_hint: 'signup' });
      assert.match(flow.page.html, /Create your account/);
      assert.match(flow.page.html, /Password \(at least 9 characters\)/);
      const weak = await agent.go(formAction(flow.page), {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), email: 'new@signup-good.example', password: 'lowercase-only' },
      });
      assert.equal(weak.status, 400);
      assert.ok(weak.html.includes(`<p class="field-error" id="password-error">${TYPES_3_OF_4}</p>`), weak.html);
      const done = await agent.go(formAction(weak), {
        form: { _csrf: inputValue(weak.html, '_csrf'), email: 'new@signup-good.example', password: PASSWORD },
        stopAt: CALLBACK,
      });
      assert.ok(done.url.startsWith(CALLBACK));
    });

    it('shows the broken rule on the reset page, keeps the link usable, then accepts a good password', async () => {
      const { connection } = await organizationWith('reset-policy', { passwordPolicy: 'low', password_history: { enable: true, size: 3 } });
      const user = (
        await server.api('POST', '/users', {
          connection: connection.name,
          email: 'member@reset-policy.example',
          password: 'first-password',
        })
      ).body;
      const token = 'R'.repeat(43);
      const now = new Date();
      await server.database.db.kysely
        .insertInto('email_tickets')
        .values({
          token_hash: hashToken(token),
          kind: 'password_reset',
          user_id: user.user_id,
          connection_id: connection.id,
          return_to: null,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + 3_600_000).toISOString(),
          used_at: null,
        })
        .execute();
      const agent = createAgent();
      const page = await agent.go(`${server.url}/login/reset/${token}`);
      assert.match(page.html, /New password \(at least 6 characters\)/);
      const reused = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), password: 'first-password' } });
      assert.equal(reused.status, 400);
      assert.match(reused.html, /<p class="field-error" id="password-error">Do not reuse any of your last 3 passwords\.<\/p>/);
      const short = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), password: 'abc' } });
      assert.equal(short.status, 400);
      assert.match(short.html, /Use 6 to 128 characters\./);
      const changed = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), password: 'second-password' } });
      assert.equal(changed.status, 200);
      assert.match(changed.html, /Your password was changed/);
    });
  });

  describe(`the tenant administrator's connection [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    async function adminConnection() {
      const res = await server.api('GET', `/connections?name=${ADMIN_CONNECTION}`);
      assert.equal(res.status, 200);
      return res.body[0] as { id: string; options: Record<string, unknown> };
    }

    it("is created by the bootstrap with sign-up disabled, so the console's sign-in page offers no sign-up", async () => {
      assert.equal((await adminConnection()).options.disable_signup, true);
      const row = await server.database.db.kysely
        .selectFrom('settings')
        .select('value')
        .where('key', '=', 'console_client_id')
        .executeTakeFirstOrThrow();
      const config = await oidc.discovery(new URL(server.url), JSON.parse(row.value) as string, undefined, oidc.None(), {
        execute: [oidc.allowInsecureRequests],
      });
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: `${server.url}/console/callback`,
        scope: 'openid profile email',
        state: oidc.randomState(),
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      });
      const agent = createAgent();
      const page = await agent.go(url.toString());
      assert.match(page.html, /name="email"/);
      assert.doesNotMatch(page.html, /Sign up/);
      assert.equal((await agent.go(signupOf(page))).status, 403);
    });

    it('is closed on older deployments by the migration, unless disable_signup was already chosen', async () => {
      const db = server.database.db.kysely;
      const { id, options } = await adminConnection();
      const stored = async () =>
        JSON.parse((await db.selectFrom('connections').select('options').where('id', '=', id).executeTakeFirstOrThrow()).options) as Record<
          string,
          unknown
        >;
      const { disable_signup: _, ...older } = options;
      await db
        .updateTable('connections')
        .set({ options: JSON.stringify(older) })
        .where('id', '=', id)
        .execute();
      await connectionPoliciesMigration(db);
      assert.equal((await stored()).disable_signup, true);
      await db
        .updateTable('connections')
        .set({ options: JSON.stringify({ ...older, disable_signup: false }) })
        .where('id', '=', id)
        .execute();
      await connectionPoliciesMigration(db);
      assert.equal((await stored()).disable_signup, false, 'an explicit choice is kept');
    });
  });
}

function signupOf(page: Page): string {
  return formAction(page).replace(/\/identifier$/, '/signup');
}
