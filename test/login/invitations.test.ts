import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import {
  CALLBACK,
  PASSWORD,
  authorize,
  createAgent,
  exchange,
  formAction,
  inputValue,
  organizationWithMember,
  registerApp,
  signInWithPassword,
} from './login.fixtures.js';

for (const dialect of DIALECTS) {
  describe(`accepting invitations [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    async function invite(orgId: string, clientId: string, email: string, extra: Record<string, unknown> = {}) {
      const res = await server.api('POST', `/organizations/${orgId}/invitations`, {
        inviter: { name: 'Ada Admin' },
        invitee: { email },
        client_id: clientId,
        send_invitation_email: false,
        ...extra,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body as { id: string; ticket_id: string; invitation_url: string };
    }

    it("lets the invitee sign up, then makes them a member with the invitation's roles", async () => {
      const { org } = await organizationWithMember(server, 'invite-signup');
      const role = (await server.api('POST', '/roles', { name: 'invited-editor' })).body;
      const { client, config } = await registerApp(server, { organization_usage: 'allow' });
      const invitation = await invite(org.id, client.client_id, 'Newcomer@Invite-Signup.example', { roles: [role.id] });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id, invitation: invitation.ticket_id });
      assert.match(flow.page.url, /\/signup$/);
      assert.match(flow.page.html, /Join invite-signup Inc\./);
      assert.match(flow.page.html, /value="Newcomer@Invite-Signup\.example"[^>]*readonly/);
      const callback = await agent.go(formAction(flow.page), {
        form: { _csrf: inputValue(flow.page.html, '_csrf'), email: 'attacker@evil.example', password: PASSWORD },
        stopAt: CALLBACK,
      });
      const claims = (await exchange(config, callback.url, flow)).claims()!;
      assert.equal(claims.org_id, org.id);
      assert.equal(claims.email, 'Newcomer@Invite-Signup.example', 'the invitation fixes the email');
      const roles = await server.api('GET', `/organizations/${org.id}/members/${encodeURIComponent(String(claims.sub))}/roles`);
      assert.deepEqual(
        roles.body.map((r: { name: string }) => r.name),
        ['invited-editor'],
      );
    });

    it('lets an existing user accept by signing in, and refuses a used invitation with a clear page', async () => {
      const { org } = await organizationWithMember(server, 'invite-login');
      const existing = (
        await server.api('POST', '/users', { connection: 'invite-login-db', email: 'existing@invite-login.example', password: PASSWORD })
      ).body;
      const { client, config } = await registerApp(server, { organization_usage: 'allow' });
      const invitation = await invite(org.id, client.client_id, 'existing@invite-login.example');
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id, invitation: invitation.ticket_id });
      assert.match(flow.page.html, /You were invited to join/);
      const callback = await signInWithPassword(agent, flow.page, 'existing@invite-login.example');
      const claims = (await exchange(config, callback.url, flow)).claims()!;
      assert.equal(claims.sub, existing.user_id);
      assert.equal(claims.org_id, org.id);

      const again = await authorize(config, createAgent(), { organization: org.id, invitation: invitation.ticket_id });
      assert.equal(again.page.status, 400);
      assert.match(again.page.html, /already been used/);
    });

    it('shows a clear page for an expired invitation, then returns access_denied', async () => {
      const { org } = await organizationWithMember(server, 'invite-expired');
      const { client, config } = await registerApp(server, { organization_usage: 'allow' });
      const invitation = await invite(org.id, client.client_id, 'late@invite-expired.example');
      await server.database.db.kysely
        .updateTable('invitations')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', invitation.id)
        .execute();
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id, invitation: invitation.ticket_id });
      assert.equal(flow.page.status, 400);
      assert.match(flow.page.html, /has expired/);
      const back = await agent.go(formAction(flow.page), { form: { _csrf: inputValue(flow.page.html, '_csrf') }, stopAt: CALLBACK });
      assert.equal(new URL(back.url).searchParams.get('error'), 'access_denied');
    });

    it('refuses to accept an invitation with another account', async () => {
      const { org } = await organizationWithMember(server, 'invite-other');
      const { client, config } = await registerApp(server, { organization_usage: 'allow' });
      const invitation = await invite(org.id, client.client_id, 'someone-else@invite-other.example');
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id, invitation: invitation.ticket_id });
      const identifier = await agent.go(new URL(flow.page.html.match(/href="([^"]+)">Sign in</)![1], flow.page.url).toString());
      const page = await signInWithPassword(agent, identifier, 'member@invite-other.example');
      assert.equal(page.status, 400);
      assert.match(page.html, /sent to someone-else@invite-other\.example/);
    });

    it("sends invitation links to the application's login route", async () => {
      const { org } = await organizationWithMember(server, 'invite-link');
      const { client } = await registerApp(server, { organization_usage: 'allow', initiate_login_uri: 'https://app.example.com/login' });
      const invitation = await invite(org.id, client.client_id, 'link@invite-link.example');
      const url = new URL(invitation.invitation_url);
      assert.equal(url.origin + url.pathname, 'https://app.example.com/login');
      assert.equal(url.searchParams.get('invitation'), invitation.ticket_id);
      assert.equal(url.searchParams.get('organization'), org.id);
      assert.equal(url.searchParams.get('organization_name'), 'invite-link');
    });
  });
}
