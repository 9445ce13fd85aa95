import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { hashToken } from '../../src/domain/email/tickets.js';
import type { Agent } from '../helpers/browser-agent.js';
import {
  CALLBACK,
  authorize,
  createAgent,
  exchange,
  formAction,
  inputValue,
  organizationWithMember,
  registerApp,
  signInWithPassword,
} from './login.fixtures.js';

const invalidGrant = (error: unknown) => (error as { error?: string }).error === 'invalid_grant';

/** The outcome of a silent authorization request: the code's tokens, or the error sent to the callback. */
async function silently(config: oidc.Configuration, agent: Agent, params: Record<string, string>) {
  const flow = await authorize(config, agent, { prompt: 'none', scope: 'openid', ...params });
  assert.ok(
    flow.page.url.startsWith(CALLBACK),
    `prompt=none ends at the callback, got ${flow.page.status}:\n${flow.page.html.slice(0, 500)}`,
  );
  const error = new URL(flow.page.url).searchParams.get('error');
  return error ? { error } : { tokens: await exchange(config, flow.page.url, flow) };
}

for (const dialect of DIALECTS) {
  describe(`access follows membership, blocking, passwords and connections [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    /** A member signed in to the organization: the browser session, the application and a refresh token. */
    async function signedInMember(name: string, app: Record<string, unknown> = { organization_usage: 'allow' }) {
      const { org, member, connection } = await organizationWithMember(server, name);
      const { config, client } = await registerApp(server, app);
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const tokens = await exchange(config, (await signInWithPassword(agent, flow.page, `member@${name}.example`)).url, flow);
      assert.equal(tokens.claims()!.org_id, org.id);
      assert.ok(tokens.refresh_token);
      return { org, member, connection, config, client, agent, refreshToken: tokens.refresh_token };
    }

    it('removing a member revokes their organization grant: no silent code, no refresh', async () => {
      const { org, member, config, agent, refreshToken } = await signedInMember('rm-member');
      const removed = await server.api('DELETE', `/organizations/${org.id}/members`, { members: [member.user_id] });
      assert.equal(removed.status, 204);
      await assert.rejects(oidc.refreshTokenGrant(config, refreshToken), invalidGrant);
      const silent = await silently(config, agent, { organization: org.id });
      assert.ok(silent.error, 'no code for an organization the user left');
    });

    it('re-checks membership when a grant is reused or a refresh token exchanged, even without revocation', async () => {
      const { org, member, config, agent, refreshToken } = await signedInMember('recheck');
      // The membership disappears behind the services' back (e.g. an operator's SQL): the grant is still there.
      await server.database.db.kysely
        .deleteFrom('organization_members')
        .where('organization_id', '=', org.id)
        .where('user_id', '=', member.user_id)
        .execute();
      await assert.rejects(oidc.refreshTokenGrant(config, refreshToken), invalidGrant);
      const silent = await silently(config, agent, { organization: org.id });
      assert.ok(silent.error, 'the grant is not reused');
      const plain = await silently(config, agent, {});
      assert.equal(plain.tokens?.claims()?.org_id, undefined, 'a reuse without the organization parameter carries no org_id either');
    });

    it('blocking a user ends their sessions and refresh tokens', async () => {
      const { member, org, config, agent, refreshToken } = await signedInMember('blocked');
      assert.equal((await server.api('PATCH', `/users/${encodeURIComponent(member.user_id)}`, { blocked: true })).status, 200);
      await assert.rejects(oidc.refreshTokenGrant(config, refreshToken), invalidGrant);
      // Unblocked again: the old session and refresh token stay revoked.
      assert.equal((await server.api('PATCH', `/users/${encodeURIComponent(member.user_id)}`, { blocked: false })).status, 200);
      await assert.rejects(oidc.refreshTokenGrant(config, refreshToken), invalidGrant);
      assert.equal((await silently(config, agent, { organization: org.id })).error, 'login_required');
    });

    it("a session whose user was blocked behind the services' back asks for a login (prompt=none: login_required)", async () => {
      const { member, org, config, agent, refreshToken } = await signedInMember('blocked-sql');
      await server.database.db.kysely.updateTable('users').set({ blocked: 1 }).where('id', '=', member.user_id).execute();
      assert.equal((await silently(config, agent, { organization: org.id })).error, 'login_required');
      await assert.rejects(oidc.refreshTokenGrant(config, refreshToken), invalidGrant);
    });

    it('deleting a user revokes everything they held', async () => {
      const { member, config, refreshToken } = await signedInMember('deleted');
      assert.equal((await server.api('DELETE', `/users/${encodeURIComponent(member.user_id)}`)).status, 204);
      await assert.rejects(oidc.refreshTokenGrant(config, refreshToken), invalidGrant);
      const left = await server.database.db.kysely
        .selectFrom('oidc_payloads')
        .select('model')
        .where('account_id', '=', member.user_id)
        .execute();
      assert.deepEqual(left, []);
    });

    it('deleting the organization revokes the grants issued in it', async () => {
      const { org, config, refreshToken } = await signedInMember('org-gone');
      assert.equal((await server.api('DELETE', `/organizations/${org.id}`)).status, 204);
      await assert.rejects(oidc.refreshTokenGrant(config, refreshToken), invalidGrant);
    });

    it('disabling the connection in the organization revokes the grants made through it', async () => {
      const { org, connection, config, refreshToken } = await signedInMember('conn-off');
      const patched = await server.api('PATCH', `/organizations/${org.id}/enabled_connections/${connection.id}`, { is_enabled: false });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      await assert.rejects(oidc.refreshTokenGrant(config, refreshToken), invalidGrant);
    });

    it('removing the connection from the organization revokes the grants made through it; other organizations keep theirs', async () => {
      const a = await signedInMember('conn-rm');
      const other = await signedInMember('conn-keep');
      assert.equal((await server.api('DELETE', `/organizations/${a.org.id}/enabled_connections/${a.connection.id}`)).status, 204);
      await assert.rejects(oidc.refreshTokenGrant(a.config, a.refreshToken), invalidGrant);
      const still = await oidc.refreshTokenGrant(other.config, other.refreshToken);
      assert.equal(still.claims()!.org_id, other.org.id);
    });

    it('disabling a connection for an application revokes the grants it gave that application only', async () => {
      const a = await signedInMember('conn-app');
      const { config: otherConfig, client: other } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(otherConfig, agent, { organization: a.org.id });
      const otherTokens = await exchange(otherConfig, (await signInWithPassword(agent, flow.page, 'member@conn-app.example')).url, flow);
      const patched = await server.api('PATCH', `/connections/${a.connection.id}/clients`, [
        { client_id: a.client.client_id, status: false },
      ]);
      assert.equal(patched.status, 204, JSON.stringify(patched.body));
      await assert.rejects(oidc.refreshTokenGrant(a.config, a.refreshToken), invalidGrant);
      assert.ok(other.client_id);
      const still = await oidc.refreshTokenGrant(otherConfig, otherTokens.refresh_token!);
      assert.equal(still.claims()!.org_id, a.org.id);
    });

    it('a password change through the Management API revokes sessions and refresh tokens', async () => {
      const { member, org, config, agent, refreshToken } = await signedInMember('pw-api');
      const changed = await server.api('PATCH', `/users/${encodeURIComponent(member.user_id)}`, { password: 'A-new-Passw0rd-for-api' });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      await assert.rejects(oidc.refreshTokenGrant(config, refreshToken), invalidGrant);
      assert.equal((await silently(config, agent, { organization: org.id })).error, 'login_required');
    });

    it('a password reset revokes sessions and refresh tokens', async () => {
      const { member, org, config, agent, refreshToken } = await signedInMember('pw-reset');
      const token = 'R'.repeat(43);
      const now = new Date();
      await server.database.db.kysely
        .insertInto('email_tickets')
        .values({
          token_hash: hashToken(token),
          kind: 'password_reset',
          user_id: member.user_id,
          connection_id: (await server.api('GET', `/users/${encodeURIComponent(member.user_id)}`)).body.identities[0].connection_id ?? null,
          return_to: null,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + 3_600_000).toISOString(),
          used_at: null,
        })
        .execute();
      const reset = createAgent();
      const page = await reset.go(`${server.url}/login/reset/${token}`);
      assert.equal(page.status, 200, page.html);
      const done = await reset.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), password: 'A-reset-Passw0rd-here' } });
      assert.match(done.html, /Your password was changed/);
      await assert.rejects(oidc.refreshTokenGrant(config, refreshToken), invalidGrant);
      assert.equal((await silently(config, agent, { organization: org.id })).error, 'login_required');
    });

    it("a silent switch needs the session's connection to be enabled for the target organization", async () => {
      const { member, config, agent } = await signedInMember('switch-from');
      // The member also belongs to C, which accepts only its own connection.
      const c = (await server.api('POST', '/organizations', { name: 'switch-to', display_name: 'Switch To' })).body;
      const cOnly = (await server.api('POST', '/connections', { name: 'switch-to-db', strategy: 'auth0' })).body;
      assert.equal((await server.api('POST', `/organizations/${c.id}/enabled_connections`, { connection_id: cOnly.id })).status, 201);
      assert.equal((await server.api('POST', `/organizations/${c.id}/members`, { members: [member.user_id] })).status, 204);

      assert.equal((await silently(config, agent, { organization: c.id })).error, 'login_required');
      // Interactive: the target's sign-in options, not a code.
      const interactive = await authorize(config, agent, { organization: c.id });
      assert.equal(interactive.page.status, 200);
      assert.ok(!interactive.page.url.startsWith(CALLBACK));
      assert.match(interactive.page.html, /Switch To/);
      assert.match(interactive.page.html, /name="email"/);
    });

    it('organization_usage "deny" holds on a session and on refresh', async () => {
      const { config, client, agent, refreshToken } = await signedInMember('now-deny');
      assert.equal((await server.api('PATCH', `/clients/${client.client_id}`, { organization_usage: 'deny' })).status, 200);
      await assert.rejects(oidc.refreshTokenGrant(config, refreshToken), invalidGrant);
      const silent = await silently(config, agent, {});
      assert.equal(silent.tokens?.claims()?.org_id, undefined, 'no org_id from a deny application');
    });

    it('organization_usage "require" holds on refresh of a grant without an organization', async () => {
      const { org, member } = await organizationWithMember(server, 'now-require');
      const { config, client } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent);
      const tokens = await exchange(config, (await signInWithPassword(agent, flow.page, member.email)).url, flow);
      assert.equal(tokens.claims()!.org_id, undefined);
      assert.ok(org.id);
      assert.equal(
        (
          await server.api('PATCH', `/clients/${client.client_id}`, {
            organization_usage: 'require',
            organization_require_behavior: 'post_login_prompt',
          })
        ).status,
        200,
      );
      await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), invalidGrant);
    });
  });
}
