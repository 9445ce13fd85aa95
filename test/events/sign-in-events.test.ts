// Every sign-in outcome through the real wire (hosted login, /oauth/token, logout) is an event with
// Auth0's code, its actor, application, connection, organization, address and user agent; no
// password, code, token or link ever reaches one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as oidc from 'openid-client';
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
} from '../login/login.fixtures.js';
import { assertNowhereInEvents, only, recording } from './events.fixtures.js';

const UA = 'EventsTest/1.0 (sign-in)';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const WRONG = 'Not-the-password-42!';

for (const dialect of DIALECTS) {
  describe(`sign-in events [${dialect}]`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(dialect, { env: { GATEHOUSE_SIGNIN_MAX_FAILURES_PER_ACCOUNT: '3' } });
    });
    after(async () => {
      await server.close();
    });

    /** An organization with a member, an application allowed in it, and a login started there up to the identifier page. */
    async function startOrganizationLogin(name: string, enable: Record<string, unknown> = {}, params: Record<string, string> = {}) {
      const fixture = await organizationWithMember(server, name, enable);
      const app = await registerApp(server, { name: `${name} app`, organization_usage: 'allow' });
      const agent = createAgent({ userAgent: UA });
      const flow = await authorize(app.config, agent, { organization: fixture.org.id, ...params });
      return { ...fixture, ...app, agent, flow };
    }

    it('records s for a password login, with the user, application, connection, organization, address and user agent', async () => {
      const { org, connection, member, client, agent, flow } = await startOrganizationLogin('ev-login');
      const { result: callback, events } = await recording(server, () => signInWithPassword(agent, flow.page, member.email));
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 300));
      assert.deepEqual(
        events.map((e) => e.type),
        ['s'],
      );
      const s = events[0];
      assert.deepEqual(
        {
          actor_type: s.actor_type,
          actor_id: s.actor_id,
          client_id: s.client_id,
          client_name: s.client_name,
          user_id: s.user_id,
          user_name: s.user_name,
          connection: s.connection,
          connection_id: s.connection_id,
          strategy: s.strategy,
          strategy_type: s.strategy_type,
          organization_id: s.organization_id,
          organization_name: s.organization_name,
          ip: s.ip,
          user_agent: s.user_agent,
          description: s.description,
        },
        {
          actor_type: 'user',
          actor_id: member.user_id,
          client_id: client.client_id,
          client_name: 'ev-login app',
          user_id: member.user_id,
          user_name: 'member@ev-login.example',
          connection: 'ev-login-db',
          connection_id: connection.id,
          strategy: 'auth0',
          strategy_type: 'database',
          organization_id: org.id,
          organization_name: 'ev-login',
          ip: '127.0.0.1',
          user_agent: UA,
          description: 'Success Login',
        },
      );
      assert.deepEqual(s.parsed.amr, ['pwd']);
      assert.equal((await server.api('GET', `/users/${encodeURIComponent(member.user_id)}`)).body.logins_count, 1, 'counted once');
      await assertNowhereInEvents(server, [PASSWORD]);
    });

    it('records seacft for the code exchange, sertft for a refresh and slo for the logout, never a code or token', async () => {
      const { org, member, client, config, agent, flow } = await startOrganizationLogin('ev-tokens');
      const callback = await signInWithPassword(agent, flow.page, member.email);
      const code = new URL(callback.url).searchParams.get('code')!;
      const exchanged = await recording(server, () => exchange(config, callback.url, flow));
      const seacft = only(exchanged.events, 'seacft');
      assert.equal(exchanged.events.length, 1);
      assert.deepEqual(
        [seacft.type, seacft.user_id, seacft.client_id, seacft.client_name, seacft.organization_id, seacft.organization_name, seacft.ip],
        ['seacft', member.user_id, client.client_id, 'ev-tokens app', org.id, 'ev-tokens', '127.0.0.1'],
      );
      assert.equal(seacft.parsed.grant_type, 'authorization_code');

      const tokens = exchanged.result;
      const refreshed = await recording(server, () => oidc.refreshTokenGrant(config, tokens.refresh_token!));
      const sertft = only(refreshed.events, 'sertft');
      assert.deepEqual([sertft.user_id, sertft.client_id, sertft.organization_id], [member.user_id, client.client_id, org.id]);

      const logoutUrl = oidc.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: 'http://127.0.0.1:9/after-logout',
      });
      const loggedOut = await recording(server, () => agent.go(logoutUrl.toString(), { stopAt: 'http://127.0.0.1:9/after-logout' }));
      const slo = only(loggedOut.events, 'slo');
      assert.deepEqual(
        [slo.actor_type, slo.user_id, slo.client_id, slo.client_name, slo.user_agent],
        ['user', member.user_id, client.client_id, 'ev-tokens app', UA],
      );
      await assertNowhereInEvents(server, [
        code,
        tokens.access_token,
        tokens.id_token!,
        tokens.refresh_token!,
        refreshed.result.access_token,
        refreshed.result.refresh_token!,
      ]);
    });

    it('records fp and no s for a wrong password, without the password', async () => {
      const { member, connection, agent, flow } = await startOrganizationLogin('ev-wrong');
      const { result: page, events } = await recording(server, () => signInWithPassword(agent, flow.page, member.email, WRONG));
      assert.equal(page.status, 401);
      assert.deepEqual(
        events.map((e) => e.type),
        ['fp'],
      );
      const [fp] = events;
      assert.deepEqual(
        [fp.actor_type, fp.actor_id, fp.user_id, fp.user_name, fp.connection_id, fp.description, fp.parsed.error, fp.user_agent],
        ['anonymous', member.email, member.user_id, member.email, connection.id, 'Wrong email or password.', 'invalid_credentials', UA],
      );
      await assertNowhereInEvents(server, [WRONG]);
    });

    it('records fu with the attempted email for an unknown account', async () => {
      const { agent, flow, org } = await startOrganizationLogin('ev-unknown');
      const { events } = await recording(server, () => signInWithPassword(agent, flow.page, 'nobody@ev-unknown.example', WRONG));
      const fu = only(events, 'fu');
      assert.equal(events.length, 1);
      assert.deepEqual(
        [fu.actor_type, fu.actor_id, fu.user_id, fu.user_name, fu.organization_id],
        ['anonymous', 'nobody@ev-unknown.example', null, 'nobody@ev-unknown.example', org.id],
      );
    });

    it('records f with the reason when the organization does not admit the user', async () => {
      const { org, connection, agent, flow } = await startOrganizationLogin('ev-outsider');
      const outsider = (
        await server.api('POST', '/users', { connection: connection.name, email: 'outsider@ev-outsider.example', password: PASSWORD })
      ).body;
      const { result: page, events } = await recording(server, () => signInWithPassword(agent, flow.page, outsider.email));
      assert.equal(page.status, 403);
      assert.deepEqual(
        events.map((e) => e.type),
        ['f'],
      );
      const [f] = events;
      assert.equal(f.parsed.error, 'not_a_member');
      assert.equal(f.description, `user ${outsider.user_id} is not part of the ${org.id} organization`);
      assert.deepEqual(
        [f.user_id, f.user_name, f.organization_id, f.connection],
        [outsider.user_id, outsider.email, org.id, connection.name],
      );
      assert.equal((await server.api('GET', `/users/${encodeURIComponent(outsider.user_id)}`)).body.logins_count, 0, 'not counted');
    });

    it('records f with user_blocked for a blocked user who knows the password', async () => {
      const { member, agent, flow } = await startOrganizationLogin('ev-blocked');
      await server.api('PATCH', `/users/${encodeURIComponent(member.user_id)}`, { blocked: true });
      const { result: page, events } = await recording(server, () => signInWithPassword(agent, flow.page, member.email));
      assert.equal(page.status, 403);
      const f = only(events, 'f');
      assert.equal(events.length, 1);
      assert.deepEqual(
        [f.parsed.error, f.user_id, f.description],
        ['user_blocked', member.user_id, 'This account is blocked. Contact your administrator.'],
      );
    });

    it('records slo for /v2/logout', async () => {
      const { member, client, config, agent, flow } = await startOrganizationLogin('ev-v2-logout');
      await exchange(config, (await signInWithPassword(agent, flow.page, member.email)).url, flow);
      const target = 'http://127.0.0.1:9/after-logout';
      const url = `${server.url}/v2/logout?${new URLSearchParams({ client_id: client.client_id, returnTo: target })}`;
      const { events } = await recording(server, () => agent.go(url, { stopAt: target }));
      const slo = only(events, 'slo');
      assert.deepEqual([slo.user_id, slo.client_id, slo.actor_type], [member.user_id, client.client_id, 'user']);
    });

    it('records limit_wc when the account is throttled, and still fp for the failures before', async () => {
      const { member, agent, flow } = await startOrganizationLogin('ev-throttle');
      const { events } = await recording(server, async () => {
        for (let i = 0; i < 4; i += 1) await signInWithPassword(agent, flow.page, member.email, WRONG);
      });
      assert.deepEqual(
        events.map((e) => e.type),
        ['fp', 'fp', 'fp', 'limit_wc'],
      );
      const blocked = events[3];
      assert.deepEqual([blocked.parsed.error, blocked.user_name, blocked.actor_type], ['too_many_attempts', member.email, 'anonymous']);
      assert.match(blocked.description!, /^Too many failed attempts/);
    });

    it('records ss, organization_member_added and s for a sign-up in an organization that allows it', async () => {
      const { org, connection, agent, flow } = await startOrganizationLogin(
        'ev-signup',
        { assign_membership_on_login: true, is_signup_enabled: true },
        { screen_hint: 'signup' },
      );
      const email = 'new.person@ev-signup.example';
      const { result: callback, events } = await recording(server, () =>
        agent.go(formAction(flow.page), {
          form: { _csrf: inputValue(flow.page.html, '_csrf'), email, password: PASSWORD },
          stopAt: CALLBACK,
        }),
      );
      assert.ok(callback.url.startsWith(CALLBACK), callback.html.slice(0, 300));
      assert.deepEqual(
        events.map((e) => e.type),
        ['ss', 'organization_member_added', 's'],
      );
      const [ss, added, s] = events;
      assert.ok(ss.user_id?.startsWith('auth0|'));
      assert.deepEqual([ss.user_name, ss.connection_id, ss.organization_id, ss.user_agent], [email, connection.id, org.id, UA]);
      assert.deepEqual([added.user_id, added.organization_id, added.parsed.reason], [ss.user_id, org.id, 'membership_on_login']);
      assert.equal(s.user_id, ss.user_id);
      await assertNowhereInEvents(server, [PASSWORD]);
    });

    it('records organization_invitation_accepted and the membership in the transaction of the login', async () => {
      const { org, connection, client, config } = await startOrganizationLogin('ev-invite');
      const invitee = (
        await server.api('POST', '/users', { connection: connection.name, email: 'guest@ev-invite.example', password: PASSWORD })
      ).body;
      const invitation = (
        await server.api('POST', `/organizations/${org.id}/invitations`, {
          inviter: { name: 'Ada' },
          invitee: { email: invitee.email },
          client_id: client.client_id,
          send_invitation_email: false,
        })
      ).body;
      const agent = createAgent({ userAgent: UA });
      const flow = await authorize(config, agent, { organization: org.id, invitation: invitation.ticket_id });
      const { events } = await recording(server, () => signInWithPassword(agent, flow.page, invitee.email));
      assert.deepEqual(
        events.map((e) => e.type),
        ['organization_invitation_accepted', 'organization_member_added', 's'],
      );
      assert.deepEqual([events[0].parsed.invitation_id, events[0].user_id], [invitation.id, invitee.user_id]);
      assert.equal(events[1].parsed.reason, 'invitation');
      await assertNowhereInEvents(server, [invitation.ticket_id]);
    });

    it('records seccft for a client-credentials token, with the application and the API', async () => {
      const api = (await server.api('POST', '/resource-servers', { name: 'Events API', identifier: 'https://events-api.example/' })).body;
      const m2m = (await server.api('POST', '/clients', { name: 'Events backend', app_type: 'non_interactive' })).body;
      await server.api('POST', '/client-grants', { client_id: m2m.client_id, audience: api.identifier, scope: [] });
      const { result: token, events } = await recording(server, async () => {
        const res = await fetch(`${server.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': UA },
          body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: m2m.client_id,
            client_secret: m2m.client_secret,
            audience: api.identifier,
          }),
        });
        assert.equal(res.status, 200);
        return (await res.json()) as { access_token: string };
      });
      const seccft = only(events, 'seccft');
      assert.equal(events.length, 1);
      assert.deepEqual(
        [
          seccft.actor_type,
          seccft.actor_id,
          seccft.client_id,
          seccft.client_name,
          seccft.user_id,
          seccft.user_agent,
          seccft.parsed.audience,
        ],
        ['client', m2m.client_id, m2m.client_id, 'Events backend', null, UA, api.identifier],
      );
      await assertNowhereInEvents(server, [token.access_token, m2m.client_secret]);
    });

    it('records one seccft per token when many are issued at once', async () => {
      const api = (await server.api('POST', '/resource-servers', { name: 'Burst API', identifier: 'https://burst-api.example/' })).body;
      const m2m = (await server.api('POST', '/clients', { name: 'Burst backend', app_type: 'non_interactive' })).body;
      await server.api('POST', '/client-grants', { client_id: m2m.client_id, audience: api.identifier, scope: [] });
      const { result: statuses, events } = await recording(server, () =>
        Promise.all(
          Array.from({ length: 20 }, async () => {
            const res = await fetch(`${server.url}/oauth/token`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                grant_type: 'client_credentials',
                client_id: m2m.client_id,
                client_secret: m2m.client_secret,
                audience: api.identifier,
              }),
            });
            await res.arrayBuffer();
            return res.status;
          }),
        ),
      );
      assert.deepEqual(new Set(statuses), new Set([200]));
      assert.equal(events.length, 20);
      assert.ok(events.every((e) => e.type === 'seccft' && e.client_id === m2m.client_id));
    });

    it('records feacft for a code that is not valid, without the code', async () => {
      const { client } = await registerApp(server, { name: 'ev-badcode app' });
      const bogus = 'bogus-authorization-code-0123456789';
      const { events } = await recording(server, async () => {
        const res = await fetch(`${server.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code: bogus,
            redirect_uri: CALLBACK,
            client_id: client.client_id,
            client_secret: client.client_secret,
          }),
        });
        assert.equal(res.status, 400);
      });
      const feacft = only(events, 'feacft');
      assert.deepEqual(
        [feacft.actor_type, feacft.client_id, feacft.client_name, feacft.parsed.error],
        ['client', client.client_id, 'ev-badcode app', 'invalid_grant'],
      );
      await assertNowhereInEvents(server, [bogus, client.client_secret]);
    });

    it('records sepft for a password grant and fepft, with the attempted name, for a wrong password', async () => {
      const { member, org } = await organizationWithMember(server, 'ev-ropg');
      const app = (
        await server.api('POST', '/clients', {
          name: 'ev-ropg app',
          app_type: 'regular_web',
          grant_types: ['password'],
          organization_usage: 'allow',
        })
      ).body;
      const grant = (password: string) =>
        fetch(`${server.url}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'password',
            username: member.email,
            password,
            client_id: app.client_id,
            client_secret: app.client_secret,
            organization: org.id,
            scope: 'openid',
          }),
        });
      const ok = await recording(server, () => grant(PASSWORD));
      assert.equal(ok.result.status, 200);
      const sepft = only(ok.events, 'sepft');
      assert.deepEqual(
        [sepft.actor_type, sepft.user_id, sepft.client_id, sepft.organization_id],
        ['user', member.user_id, app.client_id, org.id],
      );
      assert.equal(
        ok.events.some((e) => e.type === 's'),
        false,
        'one event per outcome',
      );
      const refused = await recording(server, () => grant(WRONG));
      assert.equal(refused.result.status, 403);
      const fepft = only(refused.events, 'fepft');
      assert.equal(refused.events.length, 1);
      assert.deepEqual(
        [fepft.actor_type, fepft.user_name, fepft.client_id, fepft.description, fepft.parsed.error],
        ['anonymous', member.email, app.client_id, 'Wrong email or password.', 'invalid_grant'],
      );
      await assertNowhereInEvents(server, [PASSWORD, WRONG, app.client_secret]);
    });

    it('records ssa for prompt=none answered from the session, fsa for prompt=none without one', async () => {
      const { org, member, config, agent, flow } = await startOrganizationLogin('ev-silent');
      await exchange(config, (await signInWithPassword(agent, flow.page, member.email)).url, flow);
      const silent = await recording(server, () => authorize(config, agent, { organization: org.id, prompt: 'none', scope: 'openid' }));
      assert.ok(new URL(silent.result.page.url).searchParams.get('code'), 'answered without a page');
      const ssa = only(silent.events, 'ssa');
      assert.deepEqual([ssa.actor_type, ssa.user_id, ssa.organization_id, ssa.user_agent], ['user', member.user_id, org.id, UA]);

      const stranger = createAgent({ userAgent: UA });
      const refused = await recording(server, () => authorize(config, stranger, { organization: org.id, prompt: 'none', scope: 'openid' }));
      assert.equal(new URL(refused.result.page.url).searchParams.get('error'), 'login_required');
      const fsa = only(refused.events, 'fsa');
      assert.deepEqual([fsa.actor_type, fsa.parsed.error], ['anonymous', 'login_required']);
    });

    it('records scpr for a reset link asked for and scp once the password is changed, never the link', async () => {
      const { member, agent, flow } = await startOrganizationLogin('ev-reset');
      const password = await agent.go(formAction(flow.page), { form: { _csrf: inputValue(flow.page.html, '_csrf'), email: member.email } });
      const forgot = /href="([^"]*\/login\/reset\?[^"]*)"/.exec(password.html)![1].replaceAll('&amp;', '&');
      const form = await agent.go(new URL(forgot, server.url).toString());
      const asked = await recording(server, () => agent.go(formAction(form), { form: { email: member.email } }));
      const scpr = only(asked.events, 'scpr');
      assert.deepEqual([scpr.user_id, scpr.user_name, scpr.actor_type, scpr.user_agent], [member.user_id, member.email, 'anonymous', UA]);

      const link = await resetLink(member.email);
      const page = await agent.go(link);
      const NEW_PASSWORD = 'Brand-new-passphrase-77';
      const changed = await recording(server, () =>
        agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), password: NEW_PASSWORD } }),
      );
      assert.equal(changed.result.status, 200);
      const scp = only(changed.events, 'scp');
      assert.deepEqual([scp.actor_type, scp.user_id, scp.user_name], ['user', member.user_id, member.email]);

      const again = await recording(server, () =>
        agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf'), password: NEW_PASSWORD } }),
      );
      assert.equal(again.result.status, 400);
      assert.equal(only(again.events, 'fcp').parsed.error, 'email_link_invalid');
      const token = link.slice(link.lastIndexOf('/') + 1);
      await assertNowhereInEvents(server, [token, NEW_PASSWORD]);
    });

    it('records ss for /dbconnections/signup, fs when refused, and sv for the verification link', async () => {
      await server.api('POST', '/connections', { name: 'ev-public-db', strategy: 'auth0' });
      const app = (await server.api('POST', '/clients', { name: 'ev-public app', app_type: 'spa', callbacks: [CALLBACK] })).body;
      const signup = (connection: string) =>
        fetch(`${server.url}/dbconnections/signup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': UA },
          body: JSON.stringify({ client_id: app.client_id, connection, email: 'public@ev-public.example', password: PASSWORD }),
        });
      const ok = await recording(server, () => signup('ev-public-db'));
      assert.equal(ok.result.status, 200);
      const ss = only(ok.events, 'ss');
      assert.deepEqual(
        [ss.user_name, ss.connection, ss.client_id, ss.client_name, ss.user_agent],
        ['public@ev-public.example', 'ev-public-db', app.client_id, 'ev-public app', UA],
      );
      const refused = await recording(server, () => signup('ev-nowhere-db'));
      assert.equal(refused.result.status, 400);
      const failed = only(refused.events, 'fs');
      assert.deepEqual([failed.parsed.error, failed.user_name], ['connection_not_enabled', 'public@ev-public.example']);

      const link = await verificationLink('public@ev-public.example');
      const verified = await recording(server, () => fetch(link, { headers: { 'user-agent': UA } }));
      assert.equal(verified.result.status, 200);
      const sv = only(verified.events, 'sv');
      assert.deepEqual([sv.user_id, sv.user_name], [ss.user_id, 'public@ev-public.example']);
      const reused = await recording(server, () => fetch(link));
      assert.equal(reused.result.status, 400);
      assert.equal(only(reused.events, 'fv').parsed.error, 'email_link_invalid');
      await assertNowhereInEvents(server, [PASSWORD, link.slice(link.lastIndexOf('/') + 1)]);
    });

    /** The newest link of this kind emailed to `email` (the outbox: no SMTP server in tests). */
    async function emailedLink(email: string, kind: '/login/reset/' | '/login/verify/'): Promise<string> {
      await server.app.services.email.idle();
      const dir = server.app.services.email.outboxDir;
      const pattern = new RegExp(`${escapeRegExp(server.url + kind)}[A-Za-z0-9_-]{43}`);
      const links = fs
        .readdirSync(dir)
        .sort()
        .map((f) => fs.readFileSync(path.join(dir, f), 'utf8').replace(/=\r?\n/g, ''))
        .filter((mail) => mail.includes(email))
        .map((mail) => pattern.exec(mail)?.[0])
        .filter((l): l is string => l !== undefined);
      assert.ok(links.length > 0, `a ${kind} link was emailed to ${email}`);
      return links[links.length - 1];
    }
    const resetLink = (email: string) => emailedLink(email, '/login/reset/');
    const verificationLink = (email: string) => emailedLink(email, '/login/verify/');
  });
}
