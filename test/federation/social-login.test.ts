import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../helpers/dialects.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { CALLBACK, PASSWORD, authorize, createAgent, exchange, formAction, inputValue, registerApp } from '../login/login.fixtures.js';
import type { Page } from '../helpers/browser-agent.js';
import {
  GRACE,
  OCTOCAT,
  SOCIAL_CLIENT_ID,
  SOCIAL_CLIENT_SECRET,
  socialEnv,
  startGithubStandIn,
  startGoogleStandIn,
  type GithubStandIn,
  type GoogleStandIn,
} from './social-idp.fixtures.js';

const button = (page: Page, label: string) => {
  const match = new RegExp(`href="([^"]+/sso/con_[^"]+)">Continue with ${label}<`).exec(page.html);
  assert.ok(match, `a "Continue with ${label}" button on ${page.url}:\n${page.html.slice(0, 1500)}`);
  return new URL(match[1], page.url).toString();
};

/** A fresh browser starts the application's login and picks the provider's button: where it ends (the callback, or a refusal page). */
async function pickProvider(server: TestServer, label: string, params: Record<string, string> = {}, app: Record<string, unknown> = {}) {
  const { config } = await registerApp(server, app);
  const agent = createAgent();
  const flow = await authorize(config, agent, params);
  const page = await agent.go(button(flow.page, label), { stopAt: CALLBACK });
  return { config, agent, flow, page };
}

// Full round trips: application → Gatehouse login → the Google or GitHub stand-in → back.
for (const dialect of DIALECTS) {
  describe(`social sign-in with Google and GitHub [${dialect}]`, () => {
    let server: TestServer;
    let google: GoogleStandIn;
    let github: GithubStandIn;
    let googleConnection: { id: string; name: string };
    let githubConnection: { id: string; name: string };

    before(async () => {
      google = await startGoogleStandIn();
      github = await startGithubStandIn();
      server = await startServer(dialect, { env: socialEnv(google, github) });
      await google.register(`${server.url}/login/sso/oidc/callback`);
      const credentials = { client_id: SOCIAL_CLIENT_ID, client_secret: SOCIAL_CLIENT_SECRET };
      const g = await server.api('POST', '/connections', {
        name: 'google-oauth2',
        display_name: 'Google',
        strategy: 'google-oauth2',
        options: { ...credentials, email: true, profile: true, scope: ['email', 'profile'] },
      });
      assert.equal(g.status, 201, JSON.stringify(g.body));
      googleConnection = g.body;
      const h = await server.api('POST', '/connections', {
        name: 'github',
        display_name: 'GitHub',
        strategy: 'github',
        options: { ...credentials, scope: ['read:user'] },
      });
      assert.equal(h.status, 201, JSON.stringify(h.body));
      githubConnection = h.body;
    });
    after(async () => {
      await server.close();
      await google.close();
      await github.close();
    });

    it("keeps the provider app secret write-only and Auth0's scope array as given", async () => {
      const res = await server.api('GET', `/connections/${githubConnection.id}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.options.scope, ['read:user']);
      assert.equal(res.body.options.client_id, SOCIAL_CLIENT_ID);
      assert.equal('client_secret' in res.body.options, false);
      const bad = await server.api('POST', '/connections', { name: 'google-bad', strategy: 'google-oauth2', options: { scope: 42 } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.message, "Payload validation error: 'Expected type array but found type integer' on property options.scope.");
    });

    it('signs in with Google from the tenant login page as google-oauth2|<sub>, a social identity', async () => {
      const { config, flow, page: callback } = await pickProvider(server, 'Google');
      assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 800)}`);
      const claims = (await exchange(config, callback.url, flow)).claims()!;
      assert.equal(claims.sub, `google-oauth2|${GRACE.sub}`);
      assert.equal(claims.email, GRACE.email.toLowerCase());
      assert.equal(claims.email_verified, true);
      assert.equal(claims.org_id, undefined);
      assert.equal(google.scopes.at(-1), 'openid email profile');
      const user = (await server.api('GET', `/users/${encodeURIComponent(String(claims.sub))}`)).body;
      assert.equal(user.name, GRACE.name);
      assert.equal(user.given_name, 'Grace');
      assert.equal(user.picture, GRACE.picture);
      assert.deepEqual(user.identities, [{ connection: 'google-oauth2', provider: 'google-oauth2', user_id: GRACE.sub, isSocial: true }]);

      // The next sign-in finds the same user by the Google subject.
      const again = createAgent();
      const second = await authorize(config, again);
      const back = await again.go(button(second.page, 'Google'), { stopAt: CALLBACK });
      assert.equal((await exchange(config, back.url, second)).claims()!.sub, `google-oauth2|${GRACE.sub}`);
      assert.equal((await server.api('GET', `/users/${encodeURIComponent(String(claims.sub))}`)).body.logins_count, 2);
    });

    it("signs in with GitHub as github|<id> with the verified primary email and GitHub's API headers", async () => {
      const { config, flow, page: callback } = await pickProvider(server, 'GitHub');
      assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 800)}`);
      const claims = (await exchange(config, callback.url, flow)).claims()!;
      assert.equal(claims.sub, `github|${OCTOCAT.user.id}`);
      assert.equal(claims.email, 'octocat@github.test', 'the primary address, not the other verified one');
      assert.equal(claims.email_verified, true);
      assert.equal(claims.nickname, 'octocat');
      const authorization = github.authorizations.at(-1)!;
      assert.equal(authorization.get('scope'), 'user:email read:user');
      assert.equal(authorization.get('code_challenge_method'), 'S256');
      assert.deepEqual(
        github.apiRequests.slice(-2).map((r) => r.path),
        ['/user', '/user/emails'],
      );
      assert.deepEqual(github.apiRequests.at(-1), {
        path: '/user/emails',
        accept: 'application/vnd.github+json',
        version: '2022-11-28',
        userAgent: 'Gatehouse',
      });
      const user = (await server.api('GET', `/users/${encodeURIComponent(String(claims.sub))}`)).body;
      assert.equal(user.picture, OCTOCAT.user.avatar_url);
      assert.deepEqual(user.identities, [{ connection: 'github', provider: 'github', user_id: String(OCTOCAT.user.id), isSocial: true }]);
    });

    it('signs in with GitHub in an organization that enables it, adds the member and puts org_id in the tokens', async () => {
      const org = (await server.api('POST', '/organizations', { name: 'social-gh-org', display_name: 'Social GH' })).body;
      const enabled = await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: githubConnection.id,
        assign_membership_on_login: true,
      });
      assert.equal(enabled.status, 201, JSON.stringify(enabled.body));
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      assert.doesNotMatch(flow.page.html, /Continue with Google/, 'Google is not enabled for this organization');
      const callback = await agent.go(button(flow.page, 'GitHub'), { stopAt: CALLBACK });
      assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 800)}`);
      const tokens = await exchange(config, callback.url, flow);
      assert.equal(tokens.claims()!.org_id, org.id);
      assert.equal(tokens.claims()!.sub, `github|${OCTOCAT.user.id}`);
      const members = (await server.api('GET', `/organizations/${org.id}/members`)).body as { user_id: string }[];
      assert.deepEqual(
        members.map((m) => m.user_id),
        [`github|${OCTOCAT.user.id}`],
      );
    });

    it("goes straight to GitHub when the application names it in Auth0's connection parameter", async () => {
      const { config } = await registerApp(server);
      const agent = createAgent();
      const before = github.authorizations.length;
      const flow = await authorize(config, agent, { connection: 'github' });
      assert.ok(flow.page.url.startsWith(CALLBACK), `no login page in between: ${flow.page.status} ${flow.page.html.slice(0, 500)}`);
      assert.equal(github.authorizations.length, before + 1);
      assert.equal((await exchange(config, flow.page.url, flow)).claims()!.sub, `github|${OCTOCAT.user.id}`);
    });

    it('shows the login page for a database connection named in the connection parameter', async () => {
      await server.api('POST', '/connections', { name: 'social-named-db', strategy: 'auth0' });
      const { config } = await registerApp(server);
      const flow = await authorize(config, createAgent(), { connection: 'social-named-db' });
      assert.equal(flow.page.status, 200);
      assert.match(flow.page.html, /name="email"/);
    });

    it('answers invalid_request to the application for a connection not usable in the organization', async () => {
      const org = (await server.api('POST', '/organizations', { name: 'social-named' })).body;
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const flow = await authorize(config, createAgent(), { organization: org.id, connection: 'google-oauth2' });
      const params = new URL(flow.page.url).searchParams;
      assert.equal(params.get('error'), 'invalid_request');
      assert.equal(params.get('error_description'), 'the connection was not found or is not enabled here: google-oauth2');
    });

    it("passes Auth0's upstream_params to the provider: fixed values and aliases of /authorize parameters", async () => {
      const bad = await server.api('POST', '/connections', {
        name: 'google-bad-params',
        strategy: 'google-oauth2',
        options: { upstream_params: { state: { value: 'x' } } },
      });
      assert.equal(bad.status, 400);
      assert.equal(
        bad.body.message,
        "Payload validation error: 'state is set by the protocol and cannot be overridden' on property options.upstream_params.state.",
      );
      const badAlias = await server.api('POST', '/connections', {
        name: 'google-bad-alias',
        strategy: 'google-oauth2',
        options: { upstream_params: { hd: { alias: 'password' } } },
      });
      assert.equal(badAlias.status, 400);
      assert.equal(
        badAlias.body.message,
        'Payload validation error: \'No enum match for: "password"\' on property options.upstream_params.hd.alias.',
      );
      const patched = await server.api('PATCH', `/connections/${githubConnection.id}`, {
        options: {
          client_id: SOCIAL_CLIENT_ID,
          scope: ['read:user'],
          upstream_params: { allow_signup: { value: 'false' }, login: { alias: 'login_hint' } },
        },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      try {
        const { config } = await registerApp(server);
        const flow = await authorize(config, createAgent(), { connection: 'github', login_hint: 'octocat' });
        assert.ok(flow.page.url.startsWith(CALLBACK));
        const sent = github.authorizations.at(-1)!;
        assert.equal(sent.get('allow_signup'), 'false');
        assert.equal(sent.get('login'), 'octocat');
        assert.equal(sent.get('scope'), 'user:email read:user');
      } finally {
        await server.api('PATCH', `/connections/${githubConnection.id}`, {
          options: { client_id: SOCIAL_CLIENT_ID, scope: ['read:user'] },
        });
      }
      // Google's own parameters (access_type, hd…); the stand-in ignores them as OIDC Core §3.1.2.1 says.
      const google2 = await server.api('PATCH', `/connections/${googleConnection.id}`, {
        options: { client_id: SOCIAL_CLIENT_ID, upstream_params: { access_type: { value: 'offline' } } },
      });
      assert.equal(google2.status, 200, JSON.stringify(google2.body));
      try {
        const { config } = await registerApp(server);
        const flow = await authorize(config, createAgent(), { connection: 'google-oauth2' });
        assert.ok(flow.page.url.startsWith(CALLBACK), `${flow.page.status} ${flow.page.html.slice(0, 500)}`);
        assert.equal(google.authorizations.at(-1)!.get('access_type'), 'offline');
      } finally {
        await server.api('PATCH', `/connections/${googleConnection.id}`, { options: { client_id: SOCIAL_CLIENT_ID } });
      }
    });

    it("accepts an invitation with GitHub: the invitee joins with the invitation's roles", async () => {
      const org = (await server.api('POST', '/organizations', { name: 'social-invite' })).body;
      await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: githubConnection.id,
        assign_membership_on_login: false,
      });
      const role = (await server.api('POST', '/roles', { name: 'social-invited-editor' })).body;
      const { client, config } = await registerApp(server, { organization_usage: 'allow' });
      const invitation = (
        await server.api('POST', `/organizations/${org.id}/invitations`, {
          inviter: { name: 'Ada Admin' },
          invitee: { email: 'octocat@github.test' },
          client_id: client.client_id,
          roles: [role.id],
          send_invitation_email: false,
        })
      ).body;
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id, invitation: invitation.ticket_id });
      const callback = await agent.go(button(flow.page, 'GitHub'), { stopAt: CALLBACK });
      assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 800)}`);
      assert.equal((await exchange(config, callback.url, flow)).claims()!.org_id, org.id);
      const roles = (await server.api('GET', `/organizations/${org.id}/members/${encodeURIComponent(`github|${OCTOCAT.user.id}`)}/roles`))
        .body as { id: string }[];
      assert.deepEqual(
        roles.map((r) => r.id),
        [role.id],
      );
    });

    it('refuses an invitation accepted with a GitHub account of another email', async () => {
      const org = (await server.api('POST', '/organizations', { name: 'social-invite-other' })).body;
      await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: githubConnection.id,
        assign_membership_on_login: true,
      });
      const { client, config } = await registerApp(server, { organization_usage: 'allow' });
      const invitation = (
        await server.api('POST', `/organizations/${org.id}/invitations`, {
          inviter: { name: 'Ada Admin' },
          invitee: { email: 'someone-else@example.test' },
          client_id: client.client_id,
          send_invitation_email: false,
        })
      ).body;
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id, invitation: invitation.ticket_id });
      const page = await agent.go(button(flow.page, 'GitHub'));
      assert.equal(page.status, 400);
      assert.match(page.html, /This invitation was sent to someone-else@example\.test\. Sign in with that address\./);
      const members = (await server.api('GET', `/organizations/${org.id}/members`)).body as unknown[];
      assert.deepEqual(members, []);
    });

    it('refuses a social connection the organization has not enabled', async () => {
      const org = (await server.api('POST', '/organizations', { name: 'social-none' })).body;
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const uid = flow.page.url.split('/login/')[1];
      const page = await agent.go(new URL(`/login/${uid}/sso/${googleConnection.id}`, server.url).toString());
      assert.equal(page.status, 400);
      assert.match(page.html, /This connection is not enabled for the organization\./);
    });

    it('refuses the login of a Google member who is not in the organization when nothing admits them', async () => {
      const org = (await server.api('POST', '/organizations', { name: 'social-closed' })).body;
      await server.api('POST', `/organizations/${org.id}/enabled_connections`, {
        connection_id: googleConnection.id,
        assign_membership_on_login: false,
      });
      const { config } = await registerApp(server, { organization_usage: 'allow' });
      const agent = createAgent();
      const flow = await authorize(config, agent, { organization: org.id });
      const page = await agent.go(button(flow.page, 'Google'));
      assert.equal(page.status, 403);
      assert.match(page.html, /You are not a member of this organization/);
    });

    it('refuses a GitHub account without a verified primary email with a page that says so', async () => {
      github.account = structuredClone(OCTOCAT);
      github.account.emails = [
        { email: 'verified-but-secondary@example.test', primary: false, verified: true, visibility: null },
        { email: 'unverified@example.test', primary: true, verified: false, visibility: null },
      ];
      try {
        const { agent, page } = await pickProvider(server, 'GitHub');
        assert.equal(page.status, 403);
        assert.match(page.html, /<h1>Your email address is not verified<\/h1>/);
        assert.match(
          page.html,
          /Your GitHub account has no verified primary email address\. Verify your primary email address at GitHub \(Settings, Emails\), then sign in again\./,
        );
        const back = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf') }, stopAt: CALLBACK });
        const params = new URL(back.url).searchParams;
        assert.equal(params.get('error'), 'access_denied');
        assert.equal(params.get('error_code'), 'idp_email_unverified');
      } finally {
        github.account = structuredClone(OCTOCAT);
      }
    });

    it('explains a refusal at GitHub and returns access_denied to the application', async () => {
      github.deny = true;
      try {
        const { agent, page } = await pickProvider(server, 'GitHub');
        assert.equal(page.status, 403);
        assert.match(page.html, /<h1>The sign-in was not completed<\/h1>/);
        assert.match(page.html, /did not sign you in: The user has denied your application access\./);
        const back = await agent.go(formAction(page), { form: { _csrf: inputValue(page.html, '_csrf') }, stopAt: CALLBACK });
        assert.equal(new URL(back.url).searchParams.get('error'), 'access_denied');
      } finally {
        github.deny = false;
      }
    });

    it('explains a refusal at Google', async () => {
      google.denyWith = 'The user cancelled.';
      try {
        const { page } = await pickProvider(server, 'Google');
        assert.equal(page.status, 403);
        assert.match(page.html, /did not sign you in: The user cancelled\./);
      } finally {
        google.denyWith = undefined;
      }
    });

    it('refuses a callback whose state is not the one this sign-in sent', async () => {
      const { config } = await registerApp(server);
      const agent = createAgent();
      const flow = await authorize(config, agent);
      const atGithub = await agent.go(button(flow.page, 'GitHub'), { stopAt: github.url });
      const state = new URL(atGithub.url).searchParams.get('state')!;
      const forged = `${state.split('.')[0]}.not-the-state-this-login-sent`;
      const page = await agent.go(`${server.url}/login/sso/oidc/callback?code=whatever&state=${forged}`);
      assert.equal(page.status, 400);
      assert.match(page.html, /This sign-in response does not belong to this sign-in\. Start again from the application\./);
    });

    it("says plainly when GitHub refuses the OAuth app's client secret (GitHub answers it with 200)", async () => {
      const wrong = (
        await server.api('POST', '/connections', {
          name: 'github-wrong-secret',
          display_name: 'GitHub (wrong secret)',
          strategy: 'github',
          options: { client_id: SOCIAL_CLIENT_ID, client_secret: 'not-the-secret-0123456789' },
        })
      ).body;
      const { config } = await registerApp(server);
      const agent = createAgent();
      const flow = await authorize(config, agent);
      const uid = flow.page.url.split('/login/')[1];
      const page = await agent.go(new URL(`/login/${uid}/sso/${wrong.id}`, server.url).toString());
      assert.equal(page.status, 424);
      assert.match(page.html, /rejected Gatehouse&#39;s client ID or secret for the connection &quot;github-wrong-secret&quot;/);
      await server.api('DELETE', `/connections/${wrong.id}`);
    });

    it('refuses a Google account the connection may not create when is_create_missing_user is off', async () => {
      const closed = (
        await server.api('POST', '/connections', {
          name: 'google-closed',
          display_name: 'Google (closed)',
          strategy: 'google-oauth2',
          options: { client_id: SOCIAL_CLIENT_ID, client_secret: SOCIAL_CLIENT_SECRET, is_create_missing_user: false },
        })
      ).body;
      const { config } = await registerApp(server);
      const agent = createAgent();
      const flow = await authorize(config, agent);
      const page = await agent.go(button(flow.page, 'Google \\(closed\\)'));
      assert.equal(page.status, 403);
      assert.match(page.html, /We can&#39;t find your account/);
      await server.api('DELETE', `/connections/${closed.id}`);
    });

    it('keeps a database user with the same verified email separate from a new Google user', async () => {
      const db = (await server.api('POST', '/connections', { name: 'social-db', strategy: 'auth0' })).body;
      const existing = (
        await server.api('POST', '/users', { connection: db.name, email: 'ada@gmail.test', password: PASSWORD, email_verified: true })
      ).body;
      google.account = {
        ...GRACE,
        sub: '200000000000000000001',
        email: 'Ada@gmail.test',
        name: 'Ada Lovelace',
        given_name: 'Ada',
        family_name: 'Lovelace',
      };
      try {
        const { config } = await registerApp(server);
        const agent = createAgent();
        const flow = await authorize(config, agent);
        const callback = await agent.go(button(flow.page, 'Google'), { stopAt: CALLBACK });
        assert.equal((await exchange(config, callback.url, flow)).claims()!.sub, 'google-oauth2|200000000000000000001');
        const still = (await server.api('GET', `/users/${encodeURIComponent(existing.user_id)}`)).body;
        assert.deepEqual(
          still.identities.map((i: { provider: string }) => i.provider),
          ['auth0'],
        );
        const both = (await server.api('GET', `/users-by-email?email=${encodeURIComponent('ada@gmail.test')}`)).body as {
          user_id: string;
        }[];
        assert.deepEqual(both.map((u) => u.user_id).sort(), [existing.user_id, 'google-oauth2|200000000000000000001'].sort());
      } finally {
        google.account = { ...GRACE };
      }
    });

    it('refuses a social sign-in whose email is in a domain where an organization requires SSO', async () => {
      const org = (await server.api('POST', '/organizations', { name: 'social-sso-enforced' })).body;
      await server.api('POST', `/organizations/${org.id}/discovery-domains`, { domain: 'github.test', status: 'verified' });
      await server.api('PATCH', `/organizations/${org.id}`, { gatehouse_sso_enforcement: { enabled: true } });
      try {
        const { page } = await pickProvider(server, 'GitHub');
        assert.equal(page.status, 403, page.html.slice(0, 800));
        assert.match(page.html, /requires single sign-on/);
      } finally {
        await server.api('DELETE', `/organizations/${org.id}`);
      }
      const { page } = await pickProvider(server, 'GitHub');
      assert.ok(page.url.startsWith(CALLBACK), 'signs in again once no organization requires SSO there');
    });
  });
}
